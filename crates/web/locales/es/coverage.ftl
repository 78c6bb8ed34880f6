# La cobertura de competencias y el buscador de categorías (templates/coverage.html,
# handlers/insight.rs coverage), y el resumen para imprimir (templates/summary.html).

coverage-title = Cobertura de competencias
coverage-crumb = Cobertura
coverage-total = { $documented } de { $areas } áreas documentadas
coverage-total-by = con capacitaciones o cursos que cuentan
coverage-total-gaps = { $count ->
    [one] falta { $count } área que su categoría espera
   *[other] faltan { $count } áreas que su categoría espera
}
coverage-lead = Cada casilla es un área de competencia. Solo sus capacitaciones y cursos documentan un área, y solo los que cuentan para sus horas de capacitación; cuanto más oscura la casilla, más de ellos la mencionan. Una evaluación de referencia muestra que el/la referente ve un área, pero no la documenta, y la experiencia laboral no indica áreas. Las áreas de Fundamentos teóricos y de Habilidades de servicio directo deben documentarse con cursos o capacitaciones.
coverage-lead-expected = señala un área que su categoría espera y que ninguna capacitación o curso que cuente documenta todavía.
coverage-key = Leyenda
coverage-key-none = sin documentar
coverage-key-rated = solo la muestran evaluaciones
coverage-key-one = 1 capacitación o curso
coverage-key-many = 3 o más
coverage-key-gap = esperada, aún falta
coverage-domain-count = { $documented } de { $total } documentadas
coverage-no-sources = Ninguna capacitación, curso ni evaluación menciona esta área todavía.
coverage-note = Las áreas de Fundamentos teóricos y de Habilidades de servicio directo deben documentarse con cursos o capacitaciones; las evaluaciones de referencia y la experiencia laboral no las documentan.

# La línea bajo el nombre de un área (área: femenino).
coverage-verdict-trainings = { $count ->
    [one] documentada por 1 capacitación o curso
   *[other] documentada por { $count } capacitaciones o cursos
}
coverage-verdict-parts = documentada por { $parts }
coverage-part-courses = { $count ->
    [one] 1 curso
   *[other] { $count } cursos
}
coverage-part-programs = { $count ->
    [one] un programa de certificado
   *[other] { $count } programas de certificado
}
coverage-part-trainings = { $count ->
    [one] 1 capacitación
   *[other] { $count } capacitaciones
}
coverage-list-and = { $first } y { $second }
coverage-verdict-rated = solo la muestran evaluaciones de referencia; no está documentada con cursos ni capacitaciones
coverage-verdict-expected-none = esperada; aún no está documentada con cursos ni capacitaciones
coverage-verdict-nothing = aún sin documentar
coverage-verdict-expected = { $verdict } · esperada

# Lo que respalda un área.
coverage-source-training = Capacitación: { $title }
coverage-source-not-counted = Figura en la lista, no cuenta: { $what } ({ $why })
coverage-source-rating = Evaluación de { $rater } (la muestra, no la documenta)
source-course = Curso: { $title } ({ $entry })
source-certificate-program = Programa de certificado: { $entry }

# El buscador de categorías.
coverage-paths-heading = Qué categoría corresponde a su portafolio en { $association }
coverage-paths-lead = Primero aparecen las categorías para las que ya está listo/a, de la más alta a la más baja. Las demás siguen según lo lejos que estén: lo que más pesa es un título o una licencia que usted no tiene; luego, los meses de trabajo o de supervisión reflexiva que aún faltan; luego, las horas de capacitación y de supervisión; y por último, pasos sueltos como una evaluación o una firma.
coverage-paths-category = Categoría
coverage-paths-now = Ahora
coverage-paths-needed = Aún falta
coverage-paths-exam = examen después de la revisión
coverage-paths-current = su solicitud
coverage-paths-best = la más adecuada
coverage-paths-ready = Lista
coverage-paths-not-yet = Todavía no
coverage-far-degree = primero, un título
coverage-far-months = { $count ->
    [one] { $count } mes
   *[other] { $count } meses
}
coverage-far-hours = { $hours } h
coverage-far-steps = { $count ->
    [one] { $count } paso
   *[other] { $count } pasos
}

# El resumen para imprimir.
summary-title = Resumen del portafolio
summary-back = Volver al portafolio
summary-print-hint = Use la función Imprimir de su navegador para papel o PDF.
summary-heading = Portafolio de { $name }
summary-printed = impreso el { $date }
summary-progress = Progreso hacia { $category } · { $title }
summary-none-entered = Nada ingresado.
summary-signed = { $date }, versión { $version }
