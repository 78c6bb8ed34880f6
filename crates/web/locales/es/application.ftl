# La página de una solicitud (templates/application.html, _thread.html; handlers/workflow.rs).
# El panel de requisitos, las entradas del historial y los formularios de registro del/de la
# coordinador/a (evaluación en papel, membresía) siguen en inglés (marcados lang="en").
# Véase docs/GLOSSARY-es.md.

app-crumb-dashboard = Mi panel
app-crumb = Solicitud { $id }
app-reinstatement = Restablecimiento de una credencial { -endorsement } vencida
app-review = Revisión
app-exam = Examen
app-email = Correo electrónico
app-intended-submission = Envío previsto
app-reviewers = Revisores/as
app-reviewers-none = sin asignar
# La persona solicitante ve cuántos, nunca quiénes.
app-reviewers-count = { $count ->
    [one] { $count } asignado/a (no se da a conocer a los solicitantes quién revisa)
   *[other] { $count } asignados/as (no se da a conocer a los solicitantes quién revisa)
}
app-requirements = Requisitos
app-next-steps = Próximos pasos
app-nothing-to-do = Por ahora no tiene nada que hacer aquí.
app-fees = Cuotas
app-fee = { $kind ->
    [registration] Cuota de inscripción: { $amount } US$
   *[processing] Cuota de tramitación: { $amount } US$
}
app-paid = Pagada el { $date }
app-mark-paid = Marcar como pagada
app-not-paid = Aún sin pagar
app-membership = Membresía
app-membership-recorded = Registrada
app-membership-not-recorded = Sin registrar
app-membership-none-you = La asociación no tiene registrada ninguna membresía suya.
app-membership-none-applicant = La asociación no tiene registrada ninguna membresía de la persona solicitante.
app-membership-line = Miembro de { $association } n.º { $number } ({ $kind }), del { $start } al { $end }
app-membership-request = Solicitó afiliarse o renovar ({ $kind }) el { $date }.
app-submit-blocked = El envío se habilita cuando se cumplen todos los requisitos. Aún falta:
app-go-to-portfolio = Ir a su portafolio
app-resubmission-opens = Se puede volver a enviar a partir del
app-note = Nota (queda en el expediente)
app-note-coordinator = Nota (queda en el expediente y se envía a la persona solicitante)

# Los botones de los pasos que ofrece la página, por el nombre del paso (Event::name).
event-register = Enviar la inscripción a la asociación
event-confirm = Confirmar membresía y cuota
event-submit = Enviar el portafolio a revisión
event-start-review = Portafolio completo: iniciar la revisión
event-return-incomplete = Devolver por incompleto
event-approve-for-exam = Aprobar para el examen
event-record-exam-passed = Registrar examen aprobado
event-record-exam-failed = Registrar examen no aprobado
event-retake-exam = Presentar el examen de nuevo
event-endorse = Otorgar la credencial { -endorsement }
event-require-more-work = Se requiere más trabajo
event-withdraw = Retirar la solicitud

# La casilla que se marca antes de un paso que no se puede deshacer, por paso.
confirm-submit = Revisé mi portafolio: una vez enviado, no se puede cambiar hasta que la asociación lo devuelva.
confirm-withdraw = Quiero retirar esta solicitud. Esto no se puede deshacer.
confirm-decision = Ya lo decidí: se avisa de inmediato a la persona solicitante y esto no se puede deshacer.

# Lo que sigue (workflow::next_hint), para la persona solicitante.
next-draft = Siguiente paso: envíe su inscripción a la asociación.
next-registered = Siguiente paso: la asociación confirma su membresía y la cuota de inscripción; mientras tanto, arme su portafolio.
next-building = Siguiente paso: complete su portafolio y envíelo cuando se cumplan todos los requisitos.
next-in-review = Siguiente paso: los revisores leen su portafolio; le escribiremos cuando la asociación decida.
next-exam = Siguiente paso: el examen. La asociación fija la fecha y le envía los detalles por correo.
next-reinstating = Esto es un restablecimiento: solo cuentan las evaluaciones de referencia completadas a partir del { $date }, y necesita experiencia desde esa fecha.
next-open-portfolio = Abrir su portafolio
next-your-exam = Su página del examen
# … y para el/la coordinador/a.
next-coordinator-registered = Siguiente paso: registre la membresía y la cuota de inscripción de la persona solicitante y luego confirme.
next-coordinator-submitted = Siguiente paso: compruebe que el portafolio está completo y luego inicie la revisión.
next-coordinator-check = Comprobar que está completo
next-coordinator-assign = Siguiente paso: asigne dos revisores/as.
next-coordinator-assign-link = Asignar revisores/as
next-coordinator-decide = Siguiente paso: decida en la página de revisión cuando estén las dos revisiones.
next-coordinator-open-review = Abrir la revisión
next-coordinator-exam = Siguiente paso: programe la sesión del examen y registre sus resultados.
next-coordinator-exam-link = Abrir la página del examen
next-coordinator-endorse = Siguiente paso: otorgue la credencial { -endorsement }.

app-conflicts = Personas que no deben revisar su portafolio
app-conflicts-help = Nombre a quien no pueda juzgar su trabajo con imparcialidad: su supervisor/a, un/a colega, una amistad. La asociación no le asignará su revisión.
app-conflicts-remove = Quitar
app-conflicts-closed = La revisión ya comenzó, así que esta lista ya no puede cambiar. Si algo cambió, escriba a su coordinador/a desde cualquier
app-conflicts-closed-link = sección del portafolio
app-conflicts-person = Nombre o correo electrónico
app-conflicts-why = De qué le conoce
app-conflicts-add = Agregar
app-history = Historial

# Los mensajes entre la persona solicitante y la asociación (templates/_thread.html).
thread-with-association = Mensajes con su asociación
thread-with-applicant = Mensajes con la persona solicitante
thread-none = Aún no hay mensajes.
thread-this-is = Esto es
thread-kind-comment = Un comentario
thread-kind-help-process = Una pregunta sobre las reglas o el proceso
thread-kind-help-technical = Ayuda: algo aquí no funciona
thread-to-coordinator = Mensaje para su coordinador/a
thread-answer = Respuesta (se envía por correo a la persona solicitante)
thread-send = Enviar
thread-send-answer = Enviar la respuesta
thread-from-coordinator = { $name }, coordinador/a
thread-chip-comment = Comentario
thread-chip-help-process = Ayuda: proceso
thread-chip-help-technical = Ayuda: técnica
thread-chip-answer = Respuesta

# Inscribirse en una categoría (templates/register.html, handlers/register.rs).
register-fees-ask = Cuotas: consulte a la asociación
register-crumb = Inscripción
register-title = Inscribirse en una categoría
register-association = Asociación
register-show-categories = Ver sus categorías
register-category = Categoría en { $association }
register-choose = Elija…
register-intended = ¿Cuándo piensa enviar su portafolio?
register-intended-help = Elija el { $earliest } o una fecha posterior: su coordinador/a necesita { $weeks } semanas después de su inscripción para confirmar su membresía y la cuota antes de que usted envíe. Puede ir completando su portafolio todo ese tiempo.
register-button = Inscribirme
register-what-each-asks = Lo que pide cada categoría
# Los errores del formulario; la página muestra cada uno junto a su campo.
register-error-category = categoría: elija una categoría de la lista.
register-error-date = fecha prevista de envío: indique la fecha en que piensa enviar su portafolio (AAAA-MM-DD).
register-error-too-early = fecha prevista de envío: elija el { $earliest } o una fecha posterior. Su coordinador/a necesita { $weeks } semanas después de la inscripción para confirmarla antes de que usted envíe; mientras tanto puede seguir completando su portafolio.
register-error-not-offered = categoría: { $association } no ofrece esta categoría.
register-error-already-open = categoría: ya tiene una solicitud abierta para { $category } con { $association }; continúela desde su panel.

# La página de los acuerdos (templates/agreements.html): el marco y los botones. Los textos de
# los acuerdos son los de la asociación, tal como los escribió.
agreements-title = Acuerdos
agreements-crumb-portfolio = Portafolio
agreements-heading-code_of_ethics = Código de Ética
agreements-heading-endorsement_agreement = Acuerdo de { -endorsement }
agreements-text-version = { $title }, versión { $version }
agreements-not-signed = Sin firmar
agreements-signed = Firmado el { $date }
agreements-signed-version = Firmado el { $date }, versión { $version }
agreements-outdated-other = Usted firmó la versión { $signed } del texto de otra asociación; la versión vigente de { $association } es la { $current }. Fírmela aquí.
agreements-outdated = Usted firmó la versión { $signed }; la vigente es la { $current }. Su firma sigue siendo válida; lea el texto nuevo y fírmelo aquí.
agreements-read-signed = Leer la versión que firmó
agreements-type-name = Escriba su nombre completo para firmar la versión { $version } ({ $name })
agreements-sign = Firmar
agreements-sign-version = Firmar la versión { $version }
agreements-sign-again = Firmar de nuevo hoy
agreements-error-signature = firma: escriba su nombre completo tal como figura en su cuenta ({ $name }).

# Los errores del formulario para crear una cuenta (handlers/auth.rs sign_up); cada uno
# empieza por el nombre del campo. Los de la contraseña (auth.rs PasswordProblem) se
# comparten con los demás formularios que fijan una.
sign-up-error-name = nombre completo: escríbalo tal como debe figurar en su certificado.
sign-up-error-email = correo electrónico: indique una dirección de correo que usted lea.
sign-up-error-confirm = repita la contraseña: las dos contraseñas no coinciden.
password-error-short = contraseña: use al menos { $min } caracteres.
password-error-long = contraseña: use como máximo 1024 bytes.
password-error-own-name = contraseña: es demasiado fácil de adivinar (contiene su nombre o su correo); unas cuantas palabras sin relación entre sí hacen una contraseña segura.
# zxcvbn's warning ($hint) is English, so it is left out here.
password-error-weak = contraseña: es demasiado fácil de adivinar; unas cuantas palabras sin relación entre sí hacen una contraseña segura, y no debe basarse en su nombre ni en su correo.

# El historial de la solicitud (handlers/mod.rs `audit_lines`): cuándo, y quién hizo qué. Cada
# línea es «Nombre: palabras», según la acción registrada (`history-…`); una acción sin
# palabras aquí se lee como su clave, en inglés.
history-at = { $date }, { $time } UTC
history-unknown-person = una persona desconocida
history-create = inició una solicitud de { $category }
history-create-plain = inició una solicitud
history-register = se inscribió en la asociación
history-confirm = confirmó la membresía y la cuota
history-submit = envió el portafolio a revisión
history-start-review = comprobó que el portafolio estaba completo e inició la revisión
history-return-incomplete = devolvió el portafolio por estar incompleto
history-approve-for-exam = aprobó al/a la solicitante para el examen
history-require-more-work = pidió más trabajo
history-record-exam-passed = registró el examen como aprobado
history-record-exam-failed = registró el examen como no aprobado
history-retake-exam = pidió volver a presentar el examen
history-endorse = otorgó la credencial { -endorsement } al/a la solicitante
history-withdraw = retiró la solicitud
history-assign-reviewer = asignó un/a revisor/a
history-unassign-reviewer = retiró a un/a revisor/a
history-submit-review = envió una revisión
history-mark-paid = marcó una cuota como pagada
history-record-membership = registró la membresía
history-record-paper-rating = registró una evaluación en papel
history-declare-conflict = declaró un conflicto de intereses
history-withdraw-conflict = retiró un conflicto de intereses declarado
history-accept-declared-conflict = aceptó un conflicto de intereses declarado
history-override-declared-conflict = dejó sin efecto un conflicto de intereses declarado
history-set-cycle = asignó la solicitud a un ciclo de revisión
history-set-rules-edition = eligió la edición de las reglas que se aplica
history-schedule-exam = programó el examen
history-reschedule-exam = cambió la fecha del examen
history-record-exam-part1 = registró la Parte 1 del examen
history-reopen-exam-score = reabrió una calificación de la Parte 2
history-request-exam-accommodation = pidió adaptaciones para el examen
history-grant-exam-accommodation = concedió una petición de adaptaciones para el examen
history-decline-exam-accommodation = denegó una petición de adaptaciones para el examen
history-verify-transcript = verificó un certificado de estudios
history-ask-for-another-transcript = pidió otro certificado de estudios
history-reinstatement = inició el restablecimiento de una credencial { -endorsement }
# Los motivos que Lattice misma escribe en el historial, dichos en el idioma de la página.
history-reason-intends = tiene previsto enviar el portafolio el { $date }
history-reason-part1 = fecha de examen del { $date }: { $wrong ->
        [one] { $wrong } respuesta incorrecta
       *[other] { $wrong } respuestas incorrectas
    }
history-reason-moved = la fecha de examen del { $from } pasó al { $to }
history-reason-reopened = fecha de examen del { $date }: se reabrieron las calificaciones de la Parte 2 del/de la evaluador/a { $slot }: { $reason }
