# La página de renovación y la de restablecimiento (issue #23, punto 2).
renewal-title = Renovación
renewal-crumb-dashboard = Mi panel
renewal-heading = Mantener su credencial { -endorsement }
renewal-lead-start = Cada año: capacitación centrada en las relaciones, supervisión/consulta reflexiva, membresía y el Código de Ética. Agregue a su
renewal-lead-portfolio = portafolio
renewal-lead-middle = una sola vez las capacitaciones y la RS/C del año; cuentan para todas las credenciales { -endorsement } que tenga. La membresía es el registro de su asociación:
renewal-lead-ask = pídale que renueve la suya
renewal-lead-end = y su coordinador/a la registra cuando se hayan pagado las cuotas.
renewal-none = Aún no tiene ninguna credencial { -endorsement }.
renewal-handed-in = Entregada
renewal-deadline = Fecha límite de renovación:
renewal-late-fee = cuota por atraso de { $fee } US$
renewal-good-through = { $status }; válida hasta el { $date }
renewal-reinstate = Restablecer
renewal-terms = Fecha límite, período de gracia, cuota por atraso, vencimiento y restablecimiento
renewal-recommended = (se recomienda)
renewal-hand-in = Entregar mi renovación de { $year }
renewal-not-yet = La renovación se puede entregar cuando se cumpla cada requisito obligatorio.
renewal-resign = Volver a firmar el Código de Ética
renewal-add-training = Agregar una capacitación
renewal-add-rsc = Agregar RS/C
renewal-problem-intro = No se pudo revisar el portafolio:
# El nombre de un requisito de renovación, por su id.
renewal-item-training = Horas de capacitación
renewal-item-rsc-training = Capacitación sobre cómo brindar RS/C
renewal-item-dei = Capacitación en diversidad, equidad e inclusión
renewal-item-rsc = Supervisión/consulta reflexiva
renewal-item-code-of-ethics = Código de Ética
renewal-item-membership = Membresía
renewal-status-met = Cumplido
renewal-status-unmet = Falta
renewal-status-pending = En espera
renewal-status-na = No corresponde
# Cómo está el año.
renewal-standing-compliant = Todo lo de este año está completo
renewal-standing-first-year = Primer año: no se debe nada hasta la renovación del año próximo
renewal-standing-due = Vence el { $deadline }
renewal-standing-overdue = Atrasada desde el { $deadline }
renewal-standing-overdue-fee = Atrasada desde el { $deadline }: corresponde una cuota por atraso de { $fee } US$
renewal-standing-lapsed = Pasó la fecha de baja: vencida
# Una renovación entregada.
renewal-renewed = Renovada para { $year }: vigente hasta el { $date }
renewal-awaiting-fee = Entregada para { $year }; la cuota por atraso de { $fee } US$ está pendiente de pago
# Qué significan la fecha límite, el período de gracia, la cuota por atraso, el vencimiento y el restablecimiento.
renewal-term-deadline = La renovación de { $year } vence el { $deadline }.
renewal-term-grace = Período de gracia: se acepta una renovación tardía hasta el { $through }, y mientras tanto usted sigue en el registro; si no se renueva para entonces, la credencial vence el { $lapse }.
renewal-term-no-grace = No hay período de gracia: la fecha límite es el último día en regla.
renewal-term-late-fee = Cuota por atraso: una renovación entregada después del { $deadline } cuesta { $fee } US$.
renewal-term-no-late-fee = No se cobra cuota por atraso.
renewal-term-lapse = Vencimiento: si no se renueva a más tardar el { $through }, la credencial vence al día siguiente. Sale del registro público, y su página de verificación y su credencial indican que venció.
renewal-term-reinstatement = Restablecimiento: una credencial vencida se revisa de nuevo y conserva su número y su fecha original. Requiere { $needs }.
# Un requisito dentro de renewal-term-reinstatement: su nombre y su detalle.
renewal-term-need = { $label } ({ $detail })

# La página de restablecimiento.
reinstate-title = Restablecer su credencial { -endorsement }
reinstate-crumb = Restablecer
reinstate-lead = { $title } con { $association }
reinstate-credential = Credencial
reinstate-endorsed-on = Otorgada el
reinstate-lapsed-on = Venció el
reinstate-how = El restablecimiento se revisa como una solicitud. Una vez restablecida, su credencial conserva su número y su fecha original de otorgamiento, y vuelve al registro.
reinstate-needed = Qué se necesita
reinstate-open = Tiene una solicitud abierta.
reinstate-open-link = Termínela o retírela
reinstate-open-end = antes de empezar el restablecimiento.
reinstate-start-help = Al empezar se abre una solicitud de restablecimiento. Usted y { $association } reciben por correo los pasos siguientes; no se cobra nada hasta que la envíe.
reinstate-start = Empezar el restablecimiento
reinstate-back = Volver a la renovación
