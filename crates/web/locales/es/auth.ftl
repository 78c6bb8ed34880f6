# Inicio de sesión, registro y contraseña olvidada (templates/sign_in.html, sign_up.html,
# forgot.html, reset.html y los mensajes de handlers/auth.rs). Trato de «usted».

field-email = Correo electrónico
field-password = Contraseña
field-full-name = Nombre completo
field-new-password = Contraseña nueva
field-password-hint = (al menos 10 caracteres, difícil de adivinar: unas cuantas palabras sin relación entre sí funcionan bien)
field-confirm-password = Repita la contraseña

sign-in-title = Iniciar sesión
sign-in-button = Iniciar sesión
sign-in-forgot = ¿Olvidó su contraseña?
sign-in-new-here = ¿Es su primera vez aquí?
sign-in-create-account = Cree una cuenta
sign-in-no-match = Ese correo electrónico y esa contraseña no corresponden a ninguna cuenta.
sign-in-wait-seconds = Se intentaron demasiadas contraseñas incorrectas. Vuelva a intentarlo dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
} o restablezca su contraseña.
sign-in-wait-minutes = Se intentaron demasiadas contraseñas incorrectas. Vuelva a intentarlo dentro de { $minutes } minutos o restablezca su contraseña.
sign-in-confirm-email = Primero confirme su dirección de correo electrónico. Enviamos un enlace nuevo a { $email }: ábralo y luego inicie sesión.

sign-up-title = Cree su cuenta
sign-up-intro = Para solicitantes. El personal de las asociaciones recibe su cuenta de su coordinador/a, que le invita por correo electrónico.
sign-up-button = Crear la cuenta
sign-up-already = ¿Ya tiene una cuenta?
sign-up-sign-in = Inicie sesión
sign-up-check-title = Revise su correo electrónico
sign-up-check-body = { $hours ->
    [one] Enviamos un mensaje a { $email }. Abra el enlace que contiene para confirmar su dirección y luego inicie sesión. El enlace funciona durante { $hours } hora.
   *[other] Enviamos un mensaje a { $email }. Abra el enlace que contiene para confirmar su dirección y luego inicie sesión. El enlace funciona durante { $hours } horas.
}
sign-up-go-sign-in = Ir a iniciar sesión

forgot-title = Restablezca su contraseña
forgot-intro = Escriba el correo electrónico de su cuenta. Le enviaremos un enlace para elegir una contraseña nueva.
forgot-button = Enviar el enlace
forgot-check-title = Revise su correo electrónico
forgot-check-body = Si alguna cuenta usa esa dirección, le enviamos un enlace para elegir una contraseña nueva. El enlace funciona una sola vez, durante una hora.
forgot-back = Volver a iniciar sesión

reset-title = Elija una contraseña nueva
reset-button = Cambiar la contraseña
reset-done-title = Contraseña cambiada
reset-done-heading = Su contraseña ha cambiado
reset-done-body = Se cerraron todas las sesiones anteriores. Inicie sesión con la contraseña nueva.
reset-sign-in = Iniciar sesión

verify-done-heading = Su correo electrónico está confirmado
verify-done-body = Gracias. Inicie sesión con su correo electrónico y su contraseña para continuar.
verify-stale-heading = Este enlace ya no funciona
verify-stale-body = Ya se usó o caducó. Inicie sesión con su correo electrónico y su contraseña: si su dirección aún necesita confirmación, le enviaremos un enlace nuevo.
