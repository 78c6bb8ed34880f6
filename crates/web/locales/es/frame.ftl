# El marco de cada página (templates/base.html, _language_switch.html) y la página de error
# (templates/error.html). Los términos comunes a varios archivos se definen aquí; véase
# docs/GLOSSARY-es.md.

-lattice = Lattice
-endorsement = Endorsement®

skip-to-content = Saltar al contenido
nav-account = Cuenta
nav-dashboard = Mi panel
nav-portfolio = Portafolio
nav-signed-in-as = Sesión iniciada como { $name }
nav-sign-out = Cerrar sesión
nav-sign-in = Iniciar sesión
footer-about = { -lattice } administra la credencial { -endorsement } (reconocimiento profesional en salud mental infantil y de la primera infancia) para las asociaciones del campo.
footer-registry = Registro público
footer-verify = Verificar una credencial
footer-api = API del registro para desarrolladores (OpenAPI)

error-title = { $status ->
    [403] Acceso denegado
    [404] No encontrado
    [409] Conflicto
    [410] Ya no está disponible
    [422] Revise lo que escribió
    [429] Demasiadas solicitudes
    [500] Algo salió mal
   *[other] Error
}
error-not-found = Aquí no hay nada, o no le corresponde verlo.
error-internal = Algo salió mal de nuestro lado. No se perdió nada de lo que escribió; inténtelo de nuevo.
error-csrf = Este formulario caducó o vino de otro sitio. Vuelva atrás, recargue la página y envíelo de nuevo.
error-go-dashboard = Ir a mi panel
error-home = Inicio
error-quote-request = Si se comunica con el equipo de ayuda, indique la solicitud { $id }.
