# El formulario de evaluación que el/la referente abre desde el enlace del correo
# (templates/rate.html), su agradecimiento y sus páginas de error, y las palabras del correo de
# solicitud que vienen del portafolio (el papel del/de la referente). Véase docs/GLOSSARY-es.md.

rate-title = Evaluación de referencia
rate-heading = Evaluación de referencia de { $applicant }
rate-lead = Hola, { $rater }. { $applicant } solicita el { -endorsement } ({ $category }) y le nombró como referente. Evalúe lo que ha visto de su trabajo en cada área; elija «No hay información suficiente» donde no pueda opinar.
rate-waived = { $applicant } renunció a su derecho a leer esta evaluación: solo la leerán los/las revisores/as.
rate-not-waived = { $applicant } puede leer esta evaluación.
rate-no-account = No necesita una cuenta; este enlace funciona una sola vez.
rate-errors-lead = Complete el formulario:
rate-errors-count = { $count ->
    [one] falta una respuesta o hay que cambiarla
   *[other] faltan { $count } respuestas o hay que cambiarlas
} («No hay información suficiente» también es una respuesta). Se conservan las respuestas que ya dio.
rate-choose-answer = Elija una respuesta («No hay información suficiente» es válida).
rate-known-since = Conoce a { $applicant } desde
rate-comments = Comentarios para los/las revisores/as
rate-submit = Enviar la evaluación
rate-problem-answer = { $area }: elija una respuesta
rate-problem-known-since = Conoce desde: escriba la fecha como AAAA-MM-DD
rate-problem-comments = Comentarios: no pase de 8000 caracteres
rate-home = Inicio de { -lattice }
rate-thanks-title = Gracias
rate-thanks-heading = Gracias por su evaluación
rate-thanks-body = Quedó guardada y ya forma parte de la solicitud. El enlace no volverá a abrir el formulario.
rate-gone-title = Enlace de evaluación
rate-gone-heading = Este enlace ya no funciona
rate-gone-body = Ya se usó o venció. Si aún desea dar la evaluación, pida a la persona solicitante que le envíe un enlace nuevo.

# La escala de evaluación, por su clave.
scale-consistently = Lo demuestra de manera constante
scale-sometimes = Lo demuestra a veces
scale-not-yet = Aún no lo demuestra
scale-not-enough-information = No hay información suficiente

# El papel del/de la referente, como lo nombra el correo («en su papel de colega»).
rater-role-program-supervisor = supervisor/a del programa
rater-role-rsc-provider = proveedor/a de RS/C
rater-role-colleague = colega
rater-role-supervisee = supervisado/a
rater-role-teacher = docente o capacitador/a
rater-role-parent = madre o padre
rater-role-other = otro

# Dominios de competencia, por clave.
domain-theoretical-foundations = Fundamentos teóricos
domain-law-regulation-agency-policy = Leyes, regulaciones y políticas institucionales
domain-systems-expertise = Conocimiento de los sistemas
domain-direct-service-skills = Habilidades de servicio directo
domain-working-with-others = Trabajo con otras personas
domain-communicating = Comunicación
domain-thinking = Pensamiento
domain-reflection = Reflexión
domain-administration = Administración
domain-research-evaluation = Investigación y evaluación

# Áreas de competencia, por id.
area-pregnancy-early-parenthood = Embarazo y crianza temprana
area-infant-very-young-child-development-behavior = Desarrollo y conducta del bebé y del niño/a pequeño/a
area-infant-very-young-child-family-centered-practice = Práctica centrada en el bebé, el niño/a pequeño/a y la familia
area-relationship-focused-practice = Práctica centrada en las relaciones
area-relationship-focused-therapeutic-practice = Práctica terapéutica centrada en las relaciones
area-family-relationships-dynamics = Relaciones y dinámicas familiares
area-attachment-separation-trauma-grief-loss = Apego, separación, trauma, duelo y pérdida
area-cultural-competence = Competencia cultural
area-disorders-of-infancy-early-childhood = Trastornos de la infancia y la primera infancia
area-psychotherapeutic-behavioral-theories-of-change = Teorías psicoterapéuticas y conductuales del cambio
area-mental-behavioral-disorders-in-adults = Trastornos mentales y conductuales en adultos
area-adult-learning-theory-practice = Teoría y práctica del aprendizaje de adultos
area-statistics = Estadística
area-research-evaluation = Investigación y evaluación
area-ethical-practice = Práctica ética
area-government-law-regulation = Gobierno, leyes y regulaciones
area-agency-policy = Políticas institucionales
area-service-delivery-systems = Sistemas de prestación de servicios
area-program-management = Gestión de programas
area-screening-assessment = Detección y evaluación
area-parent-infant-relationship-based-therapies-practices = Terapias y prácticas basadas en la relación madre/padre-bebé
area-developmental-guidance = Orientación sobre el desarrollo
area-observation-listening = Observación y escucha
area-coaching-mentoring = Acompañamiento y mentoría
area-speaking = Expresión oral
area-reflective-supervision = Supervisión reflexiva
area-emotional-response = Respuesta emocional
