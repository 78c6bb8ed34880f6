# Los formularios de registros del portafolio (src/forms.rs, templates/_fields.html): etiqueta
# y ayuda de cada campo por sección y nombre, cada opción por su lista y valor, la línea de un
# registro en la lista de la sección y los errores propios de los formularios. Las áreas y los
# dominios de competencia son los `area-…` y `domain-…` de rating.ftl.

# Education
field-education-level = Nivel
field-education-degree = Título (p. ej., MSW)
field-education-field = Área de estudio
field-education-institution = Institución
field-education-completed = Terminado el
field-education-completed-help = Déjelo vacío mientras siga estudiando.
field-education-imh_certificate = Es o incluye un programa universitario de certificado en salud mental infantil o de la primera infancia
field-education-imh_certificate-help = Un certificado documenta áreas de competencia; las horas de capacitación siguen siendo necesarias.
field-education-competencies = Áreas que documenta el programa de certificado
field-education-competencies-help = Solo para un programa de certificado: las áreas que su asociación le aprobó. Las áreas de un título son las de sus cursos, más abajo.

# Trainings
field-trainings-title = Título
field-trainings-provider = Organizador
field-trainings-date = Fecha
field-trainings-end_date = Último día
field-trainings-end_date-help = Para un curso o congreso de varios días.
field-trainings-hours = Horas
field-trainings-hours-help = Horas de contacto, p. ej., 6,5.
field-trainings-kind = Tipo
field-trainings-conference = Nombre del congreso
field-trainings-conference-help = Los talleres de un mismo congreso comparten su nombre; solo un congreso cuenta para el mínimo.
field-trainings-competencies = Áreas de competencia
field-trainings-competencies-help = Una capacitación cuenta solo si indica al menos un área.
field-trainings-population = Trata principalmente de
field-trainings-topics = También trata de

# Work
field-work-employer = Empleador
field-work-role = Puesto
field-work-start = Inicio
field-work-end = Fin
field-work-end-help = Déjelo vacío si todavía trabaja allí.
field-work-hours_per_week = Horas por semana
field-work-hours_per_week-help = Déjelo vacío si es a tiempo completo. El trabajo a tiempo parcial cuenta en proporción a la semana completa de su asociación: a la mitad de sus horas, 2 años cuentan como 1 año. Su progreso indica la semana.
field-work-paid = Remunerado
field-work-supervised = Supervisado
field-work-internship = Práctica profesional
field-work-families_served = Familias atendidas
field-work-ages = Edades atendidas
field-work-with_child_and_parent = Trabaja con el niño o la niña y su madre o padre juntos
field-work-classroom = Enseñanza en el aula
field-work-services = Servicios
field-work-provides_rsc = Brinda supervisión/consulta reflexiva
field-work-leadership = En un puesto de liderazgo
field-work-supervises_others = Supervisa a otro personal
field-work-supervises_others-help = La evaluación de una persona supervisada cuenta solo si un empleo indica que usted supervisa a otras personas.

# Rsc
field-rsc-provider-name = Nombre de quien brinda la RS/C
field-rsc-provider-endorsement = Endorsement® de quien la brinda
field-rsc-provider-degree = Título de quien la brinda
field-rsc-provider-receives_rsc = Quien la brinda recibe RS/C
field-rsc-provider-meets_criteria = Sin Endorsement®, pero cumple los criterios de la Categoría III o IV
field-rsc-provider-meets_criteria-help = Se cuenta según su palabra; el equipo de revisión lo confirma.
field-rsc-provider-imh_specialist = Quien la brinda se especializa en salud mental infantil
field-rsc-provider-imh_specialist-help = Algunas asociaciones cuentan la RS/C de alguien sin Endorsement® solo si se especializa en salud mental infantil.
field-rsc-format = Modalidad
field-rsc-start = Desde
field-rsc-end = Hasta
field-rsc-hours = Horas
field-rsc-about_own_rsc = De ellas, sobre la RS/C que usted brinda
field-rsc-about_own_rsc-help = Horas dedicadas a su propia práctica como proveedor/a (Mentor – Clinical).

# References
field-references-role = Función del/de la referente
field-references-name = Nombre del/de la referente
field-references-email = Correo electrónico del/de la referente
field-references-status = Estado
field-references-not_enough_info = Respuestas de "No hay información suficiente"
field-references-completed_on = Completada el

# Options
option-level-none = Sin título
option-level-cda = Credencial CDA
option-level-associate = Título técnico (Associate's degree)
option-level-bachelors = Licenciatura
option-level-masters = Maestría
option-level-doctorate = Doctorado
option-kind-workshop = Taller
option-kind-course = Curso (varias sesiones)
option-kind-conference = Congreso
option-kind-webinar = Seminario web
option-kind-in-service = Capacitación en servicio
option-kind-college-course = Curso universitario
option-population-not-stated = Sin indicar
option-population-prenatal = Prenatal
option-population-infant-toddler = Bebés y niños pequeños
option-population-early-childhood = Primera infancia (3–6)
option-population-school-age = Niños en edad escolar
option-population-adolescent = Adolescentes
option-population-adult = Adultos
option-population-elderly = Personas mayores
option-topic-rsc = Brindar supervisión/consulta reflexiva
option-topic-dei = Diversidad, equidad e inclusión
option-age-prenatal = Prenatal
option-age-birth-36m = Del nacimiento a los 36 meses
option-age-3-6y = De 3 a 6 años
option-service-home-visiting = Visitas domiciliarias
option-service-early-intervention = Intervención temprana
option-service-parent-infant-psychotherapy = Psicoterapia madre/padre-bebé
option-service-policy = Políticas públicas
option-service-program-administration = Administración de programas
option-service-university-teaching = Docencia universitaria
option-service-research = Investigación
option-endorsement-none = Sin Endorsement®
option-rsc-format-individual = Individual
option-rsc-format-group = Grupal
option-rsc-format-peer = Entre pares (no cuenta)
option-role-program-supervisor = Supervisor/a del programa
option-role-rsc-provider = Proveedor/a de RS/C
option-role-colleague = Colega
option-role-supervisee = Supervisado/a
option-role-teacher = Docente o capacitador/a
option-role-parent = Madre o padre
option-role-other = Otro
option-reference-status-not-requested = Aún no solicitada
option-reference-status-requested = Solicitada
option-reference-status-completed = Completada
option-reference-status-declined = Rechazada

# The competency list's filter and the education form's course rows
fields-find-area = Buscar un área
fields-find-example = p. ej., apego, cultura, reflexión
course-title = Curso { $number }: título
course-title-to-add = Curso { $number }: título (para agregar uno)
course-help = Los cursos documentan las áreas de competencia que abarcan, como las capacitaciones. Agregue un curso a la vez; edite el registro para agregar otro.
course-areas = Curso { $number }: áreas de competencia que abarca

# An entry's line in the section's list
entry-degree = Título
entry-courses = { $count ->
    [one] 1 curso
   *[other] { $count } cursos
}
entry-certificate-areas = { $count ->
    [one] programa de certificado: 1 área
   *[other] programa de certificado: { $count } áreas
}
entry-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
entry-weekly = { $count ->
    [one] { $count } hora por semana
   *[other] { $count } horas por semana
}
entry-now = actualidad
entry-format-individual = individual
entry-format-group = grupal
entry-format-peer = entre pares
entry-role-program-supervisor = supervisor/a del programa
entry-role-rsc-provider = proveedor/a de RS/C
entry-role-colleague = colega
entry-role-supervisee = supervisado/a
entry-role-teacher = docente o capacitador/a
entry-role-parent = madre o padre
entry-role-other = otro
entry-reference-completed = evaluación recibida del/de la referente
entry-reference-requested = solicitada; en espera del/de la referente
entry-reference-declined = rechazada
entry-reference-not-asked = aún no solicitada

# The forms' mistakes, shown after the field's label
mistake-required = obligatorio
mistake-number = escriba un número, como 6,5
mistake-whole-number = escriba un número entero, como 12
mistake-date = escriba una fecha como AAAA-MM-DD
mistake-choose = elija uno de: { $accepted }
mistake-too-long = use menos de 300 caracteres
mistake-future-completed = { $date } es posterior a hoy ({ $today }); déjelo vacío hasta terminar el título
mistake-future-training-date = { $date } es posterior a hoy ({ $today }); agregue una capacitación planificada cuando se haya realizado
mistake-future-training-end = { $date } es posterior a hoy ({ $today }); agregue la capacitación cuando haya pasado su último día
mistake-future-work-start = { $date } es posterior a hoy ({ $today }); agregue el empleo cuando haya comenzado
mistake-future-work-end = { $date } es posterior a hoy ({ $today }); déjelo vacío mientras siga trabajando allí
mistake-future-rsc-start = { $date } es posterior a hoy ({ $today }); agregue la RS/C cuando haya comenzado
mistake-future-rsc-end = { $date } es posterior a hoy ({ $today }); registre las horas recibidas hasta hoy

# La línea de estado del filtro de competencias, escrita por static/app.js (%n: cuántas).
fields-areas-shown = { $count ->
    [one] 1 área visible
   *[other] { $count } áreas visibles
}
