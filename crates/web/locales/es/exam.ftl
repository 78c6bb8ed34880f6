# La página del examen del/de la solicitante (templates/exam_applicant.html, handlers/exam.rs
# `applicant_page`): en qué punto está el examen, sus reglas, las fechas y las adaptaciones.
# La etiqueta y la frase de la etapa son exam-stage-… y exam-said-… de requirements.ftl; el
# estado de la solicitud, state-… de dashboard.ftl.

exam-title = Su examen: { $category }
exam-crumb-dashboard = Mi panel
exam-crumb-application = Su solicitud
exam-crumb = Examen
exam-heading = Su examen de { $category }
# Antes de que los/las revisores/as le aprueben para presentar el examen.
exam-stage-not-yet = Todavía no
exam-said-not-yet = El examen sigue a la revisión: cuando los/las dos revisores/as le aprueben para presentarlo, se programará aquí.
exam-approval-until = Su aprobación para presentar el examen es válida hasta el { $date }.
# Las reglas del examen de la asociación, según su perfil.
exam-rules = Parte 1: { $questions } preguntas en { $minutes } minutos; se aprueba con { $wrong } respuestas incorrectas como máximo. Parte 2: { $vignettes } viñetas, de las que se responden { $answered } en { $part2_minutes } minutos; dos evaluadores/as que no ven el nombre de quien se examina califican cada respuesta de 0 a 4. La aprobación para presentar el examen dura { $approval_months ->
        [one] { $approval_months } mes
       *[other] { $approval_months } meses
    }; un examen no aprobado puede volver a presentarse pasados { $retake_months ->
        [one] { $retake_months } mes
       *[other] { $retake_months } meses
    }.

exam-sittings = Sus fechas de examen
exam-no-sitting = Aún no hay ninguna fecha programada. Recibirá un correo electrónico cuando la haya.
# El encabezado de una fecha de examen: el día y, si la hay, la hora de inicio.
exam-sitting-at = { $date } a las { $time }
exam-sitting-date = Fecha
exam-sitting-starts = Hora de inicio
exam-sitting-place = Lugar
exam-sitting-online = En línea
exam-sitting-instructions = Instrucciones
exam-sitting-bring = Qué llevar
exam-result-passed = Aprobado
exam-result-failed = No aprobado
exam-result-awaiting = Resultados pendientes
exam-result-scheduled = Programado
exam-letter-sent = Le enviamos por correo electrónico la carta de resultados; indica el resultado de cada parte y su motivo.

exam-accommodations = Adaptaciones
exam-accommodations-lead = Si necesita adaptaciones en el examen (por ejemplo, más tiempo, una persona que le lea, una sala aparte o pausas), pídalas aquí. Su coordinador/a decide y se le avisa por correo electrónico.
exam-accommodations-none = No ha pedido ninguna.
exam-asked-on = Pedida el { $date }:
exam-decision-granted = Concedida
exam-decision-declined = Denegada
exam-decision-pending = Pendiente de la decisión del/de la coordinador/a
exam-coordinator-note = Nota de su coordinador/a: { $note }
exam-request-label = ¿Qué necesita en el examen?
exam-request-button = Pedir adaptaciones
exam-request-closed = Las adaptaciones se piden desde que se le aprueba para presentar el examen y hasta que se conoce su resultado.
exam-request-empty = Indique qué necesita en el examen, por ejemplo más tiempo o una persona que le lea.
exam-request-long = La petición debe tener menos de { $most } caracteres.
