# Mi panel (templates/dashboard.html). Véase docs/GLOSSARY-es.md para los términos.

dashboard-title = Mi panel
dashboard-welcome = Le damos la bienvenida, { $name }
dashboard-alliance-admin = Administración de la Alianza
dashboard-failed-mail = Correo no entregado
dashboard-signing-keys = Claves de firma

dashboard-your-endorsements = Sus credenciales Endorsement®
dashboard-renewal = Renovación
dashboard-public-registry = Registro público
dashboard-endorsement-line = { $category } · { $association } · vigente hasta el { $date }
dashboard-verification-page = Página de verificación
dashboard-certificate = Certificado (PDF)
dashboard-credential-places = Dónde guardar su credencial
dashboard-download-credential = Descargar la credencial digital
dashboard-credential-formats = La misma credencial Open Badges 3.0, firmada por { $association }, en dos formatos de archivo.
dashboard-credential-achievement = Ambos nombran el logro y su insignia.
dashboard-credential-json = Credencial digital para billeteras (JSON)
dashboard-credential-json-help = Use esta para una billetera digital como Learner Credential Wallet o para cualquier verificador de credenciales verificables con prueba integrada.
dashboard-credential-jwt = Credencial digital para verificadores JOSE (VC-JWT)
dashboard-credential-jwt-help = Use esta cuando el programa de un empleador pida un JWT (un token firmado). En cualquier caso, el empleador también puede comprobar la credencial en la página de verificación.
dashboard-linkedin = LinkedIn
dashboard-linkedin-add = Agregar al perfil de LinkedIn
dashboard-linkedin-new-tab = (abre LinkedIn en una pestaña nueva)
dashboard-linkedin-help = Abre el formulario «Agregar licencia o certificación» de LinkedIn con el nombre, { $association }, las fechas, el número de credencial y la página de verificación ya escritos; usted lo revisa y lo guarda.
dashboard-wallet = Billetera digital
dashboard-wallet-help = Descargue la credencial para billeteras (JSON, arriba) y agregue el archivo en la aplicación de su billetera. La página de verificación y el número de credencial funcionan sin billetera.
dashboard-listing-city = Ciudad que se muestra en el registro
dashboard-listing-region = Estado o región
dashboard-listing-save = Guardar
dashboard-listing-save-label = Guardar los datos del registro
dashboard-transfer-requests = Solicitudes de traslado:
dashboard-moving = ¿Se muda a otro estado?
dashboard-moving-help = Pida a la asociación de su nuevo estado que asuma esta credencial. Su coordinador/a decide; el número de credencial y su historial no cambian.
dashboard-move-to = Trasladar a
dashboard-choose-association = Elija una asociación
dashboard-transfer-why = Motivo (para el/la coordinador/a)
dashboard-transfer-ask = Solicitar el traslado

dashboard-your-applications = Sus solicitudes
dashboard-work-on-portfolio = Trabajar en su portafolio
dashboard-updated = { $association } · actualizada el { $date }
dashboard-exam-link = Su examen: fecha, lugar y adaptaciones
dashboard-exam-where = El estado del examen aparece más abajo, en «Examen».
dashboard-all-met = { $total ->
    [one] Se cumple el único requisito exigido antes del envío.
   *[other] Se cumplen los { $total } requisitos exigidos antes del envío.
}
dashboard-still-needed = Aún falta:
dashboard-coverage = Cobertura de competencias
dashboard-summary = Resumen para imprimir

state-draft = Borrador
state-registered = Inscrita, en espera de confirmación
state-confirmed = Armando el portafolio
state-submitted = Enviada
state-under-review = En revisión
state-approved-for-exam = Aprobada para el examen
state-exam-passed = Examen aprobado
state-exam-failed = Examen no aprobado
state-more-work-required = Se requiere más trabajo
state-more-work-required-from = Se requiere más trabajo (puede volver a enviarse a partir del { $date })
state-endorsed = Endorsement® otorgado
state-withdrawn = Retirada

dashboard-staff-areas = Asociaciones para las que trabaja
dashboard-open = { $count ->
    [one] { $count } abierta
   *[other] { $count } abiertas
}
dashboard-no-applications = Aún no hay solicitudes.
dashboard-assigned = Asignadas a usted para revisión
dashboard-assigned-order = Primero la solicitud más reciente, { $size } por página.
dashboard-col-applicant = Solicitante
dashboard-col-category = Categoría
dashboard-col-association = Asociación
dashboard-col-state = Estado
dashboard-first-assignments = Volver a la primera página
dashboard-next-assignments = Siguientes { $size } asignaciones
dashboard-scoring = Respuestas de examen por calificar
dashboard-reviewing = Revisión para otras asociaciones

dashboard-moving-up = ¿Sigue avanzando en la trayectoria? Su portafolio se conserva.
dashboard-register-another = Inscribirse en otra categoría
dashboard-no-application = Aún no tiene ninguna solicitud. Empiece por inscribirse en una categoría; mientras tanto puede armar su portafolio.
dashboard-register = Inscribirse en una categoría
dashboard-start-portfolio = Empezar su portafolio
dashboard-two-step-what = Su cuenta puede pedir un código de una aplicación además de su contraseña.
dashboard-two-step = Verificación en dos pasos

# Por qué no se ofrece certificado ni credencial digital (`Status::credential_withheld`).
dashboard-withheld-revoked = La asociación revocó esta credencial { -endorsement }: no se emite certificado ni credencial digital para ella.
dashboard-withheld-lapsed = Esta credencial { -endorsement } está vencida (no se renovó): el certificado y la credencial digital se emiten de nuevo cuando se renueve o se restablezca.
dashboard-withheld-inactive = Esta credencial { -endorsement } está inactiva (suspendida): el certificado y la credencial digital se emiten de nuevo cuando vuelva a estar vigente.
