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
reset-stale = este enlace ya se usó o caducó; pida uno nuevo
reset-done-title = Contraseña cambiada
reset-done-heading = Su contraseña ha cambiado
reset-done-body = Se cerraron todas las sesiones anteriores. Inicie sesión con la contraseña nueva.
reset-sign-in = Iniciar sesión

verify-done-heading = Su correo electrónico está confirmado
verify-done-body = Gracias. Inicie sesión con su correo electrónico y su contraseña para continuar.
verify-stale-heading = Este enlace ya no funciona
verify-stale-body = Ya se usó o caducó. Inicie sesión con su correo electrónico y su contraseña: si su dirección aún necesita confirmación, le enviaremos un enlace nuevo.

# La verificación en dos pasos (templates/sign_in_code.html, enrol.html, two_step.html,
# recovery_codes.html y handlers/second_factor.rs).
two-step-code-title = Escriba su código de inicio de sesión
two-step-code-lead = Abra su aplicación de autenticación y escriba el código de 6 dígitos que muestra para Lattice. Si no tiene su teléfono, escriba uno de sus códigos de recuperación; cada uno funciona una sola vez.
two-step-code-label = Código
two-step-continue = Continuar
two-step-start-again = Empezar de nuevo
# $seconds por debajo de dos minutos; si no, $minutes; ambos son números enteros.
two-step-wait-seconds = Se intentaron demasiados códigos incorrectos. Vuelva a intentarlo dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}.
two-step-wait-minutes = Se intentaron demasiados códigos incorrectos. Vuelva a intentarlo dentro de { $minutes } minutos.
two-step-code-used = Ese código ya se usó. Espere al siguiente en su aplicación y escríbalo.
two-step-recovery-wrong = Ese código de recuperación no es correcto o ya se usó.
two-step-code-wrong = Ese código no es correcto. Escriba los 6 dígitos que su aplicación muestra ahora o uno de sus códigos de recuperación.
two-step-code-wrong-app = Ese código no es correcto. Escriba los 6 dígitos que su aplicación muestra ahora.
two-step-code-wrong-clock = Ese código no es correcto. Escriba los 6 dígitos que la aplicación muestra ahora; si sigue fallando, compruebe que la hora de su teléfono se ajusta automáticamente.

two-step-enrol-title = Active la verificación en dos pasos
two-step-enrol-staff = El personal de las asociaciones inicia sesión con un código de una aplicación de autenticación además de su contraseña, para que una contraseña robada no baste para abrir los expedientes de los/las solicitantes.
two-step-enrol-optional = Con la verificación en dos pasos, para iniciar sesión necesita un código de una aplicación de autenticación además de su contraseña.
two-step-enrol-scan = En una aplicación de autenticación (por ejemplo FreeOTP, Aegis, Google Authenticator o 1Password), añada una cuenta escaneando este código:
two-step-enrol-qr = Código QR para su aplicación de autenticación
two-step-enrol-type = Si no puede escanearlo, escriba esta clave:
two-step-enrol-key-kind = (basada en el tiempo, 6 dígitos, 30 segundos).
two-step-enrol-enter = Escriba el código de 6 dígitos que la aplicación muestra ahora.
two-step-enrol-label = Código de la aplicación
two-step-enrol-button = Activar la verificación en dos pasos

two-step-on-title = La verificación en dos pasos está activada
two-step-codes-title = Códigos de recuperación nuevos
two-step-codes-lead = Guarde estos códigos de recuperación en un lugar seguro, lejos de su teléfono. Si pierde la aplicación, inicie sesión con uno de ellos en lugar de un código; cada uno funciona una sola vez. Solo se muestran ahora.

two-step-title = Verificación en dos pasos
two-step-crumb-dashboard = Mi panel
two-step-lead = Para iniciar sesión en su cuenta necesita un código de su aplicación de autenticación o uno de sus códigos de recuperación.
two-step-codes-left = { $count ->
    [0] No le queda ningún código de recuperación sin usar.
    [one] Le queda { $count } código de recuperación sin usar.
   *[other] Le quedan { $count } códigos de recuperación sin usar.
}
two-step-new-codes = Códigos de recuperación nuevos
two-step-new-codes-lead = Genere un juego nuevo cuando haya usado la mayoría o si otra persona pudo verlos. Los códigos que tiene ahora dejan de funcionar en ese momento.
two-step-new-codes-label = El código de 6 dígitos que su aplicación muestra ahora
two-step-new-codes-button = Generar códigos de recuperación nuevos
two-step-back = Volver a su panel
