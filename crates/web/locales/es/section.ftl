# Las páginas de sección del portafolio (templates/section.html, _message.html,
# handlers/portfolio.rs section_page). Los nombres de las secciones son los de portfolio.ftl.

section-phone-ready = Listo para enviar
section-phone-all-met = Se cumplen todos los requisitos
section-phone-met = { $met } de { $total } cumplidos
section-phone-still-needed = Aún falta:
section-phone-see-progress = Ver su progreso
section-entered = Registrado hasta ahora
section-nothing = Aún no hay nada registrado.
section-edit = Editar
section-delete = Eliminar
section-delete-confirm = ¿Eliminar este registro definitivamente? No se podrá recuperar.
section-delete-yes = Sí, eliminarlo
section-edit-entry = Editar este registro
section-add-entry = Agregar un registro
section-problems = { $count ->
    [one] Corrija el campo marcado abajo; lo que escribió se conserva.
   *[other] Corrija los { $count } problemas marcados abajo; lo que escribió se conserva.
}
section-save = Guardar los cambios
section-add = Agregar
section-cancel = Cancelar
section-upload-size = { $kb } KB · { $date }
section-not-listed = (ninguno de los de arriba)
section-upload-help = Un PDF, PNG o JPEG de hasta { $megabytes } MB. Si el escaneo pesa más, escanéelo de nuevo con menor resolución o guárdelo como un PDF más pequeño.
section-upload = Subir
section-transcripts = Certificados de estudios
section-transcript-for = Para el título
section-transcript = Certificado de estudios
section-certificates = Constancias de asistencia
section-certificate-for = Para la capacitación
section-certificate = Constancia
section-csv-title = Importar capacitaciones desde una hoja de cálculo
section-csv-refused = No se importó nada.
section-csv-fix = Corrija estas filas y envíe el archivo de nuevo:
section-csv-start = Parta de la
section-csv-template = plantilla CSV
section-csv-help = . Separe varias áreas de competencia o temas con “;”. Se agregan todas las filas o ninguna.
section-csv-file = Archivo CSV
section-csv-button = Importar capacitaciones

section-raters = Pedir una evaluación de referencia
section-raters-help = Una evaluación cuenta solo cuando el/la referente la envía: recibe un correo electrónico con un enlace al formulario y no necesita cuenta. El enlace funciona una vez, durante 30 días. A quienes figuran arriba sin solicitud todavía hay que pedírsela aquí.
section-rater-received = Evaluación recibida el { $date }
section-rater-expired = El enlace venció; envíelo de nuevo
section-rater-waiting = En espera; el enlace funciona hasta el { $date }
section-resend = Enviar el enlace de nuevo
section-resend-to = { " " }a { $name }
section-cancel-request = Cancelar, para pedírsela a otra persona
section-cancel-instead = { " " }en lugar de { $name }
section-rater-name = Nombre del/de la referente
section-rater-email = Correo electrónico del/de la referente
section-rater-role = Su función
section-rater-language = Idioma de la solicitud y del formulario
section-rater-language-help = El correo electrónico y el formulario de evaluación llegan al/a la referente en este idioma.
section-waive = Renuncio a mi derecho a leer esta evaluación
section-send-request = Enviar la solicitud

section-done-added = Registro agregado; aparece arriba del formulario.
section-done-saved = Cambios guardados.
section-done-deleted = Registro eliminado.
section-done-imported = Capacitaciones importadas; aparecen arriba.
section-done-requested = Solicitud enviada: el/la referente tiene un correo electrónico con su enlace.
section-done-resent = El enlace de evaluación se envió de nuevo.
section-done-cancelled = Solicitud cancelada: el enlace ya no funciona y se quitó al/a la referente.

section-imported-by = Importado por { $name } ({ $role }) desde los registros de la asociación
section-importer-admin = administrador/a de la Alianza
section-importer-coordinator = coordinador/a
transcript-unchecked = Aún no se comprobó con su certificado de estudios
transcript-verified = Comprobado con el certificado de estudios oficial por { $by } el { $on }
transcript-verified-note = Comprobado con el certificado de estudios oficial por { $by } el { $on } ({ $note })
transcript-another = Se pidió otro certificado de estudios: { $note }

message-title = Preguntas o comentarios para su coordinador/a
message-sent = Enviado a su coordinador/a
message-note = Las respuestas llegan por correo electrónico y quedan en los mensajes de la página de su solicitud.
message-kind = Esto es
message-kind-comment = Un comentario sobre esta sección
message-kind-help-process = Una pregunta sobre las reglas o el proceso
message-kind-help-technical = Ayuda: algo aquí no funciona
message-body = Mensaje
message-send = Enviar al/a la coordinador/a

# Un archivo por encima del límite, dicho por static/app.js antes de enviarlo (%s: su tamaño en MB).
section-file-too-large = Este archivo pesa %s MB, más que { $max } MB, el máximo que se acepta aquí; escanéelo con menor resolución o guárdelo como un PDF más pequeño.
