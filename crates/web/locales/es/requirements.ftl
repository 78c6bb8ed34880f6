# El panel de requisitos (issue #23 item 2): su marco, los nombres de los requisitos y las
# frases del motor (lattice_domain::phrase::ALL_IDS). Las horas se escriben con coma decimal.

req-panel = Requisitos
req-met-of = { $met } de { $total } requisitos cumplidos
req-all-met = Se cumplen todos los requisitos
req-ready = Lista para enviar
req-still-needed = Aún falta:
req-not-counted = { $count ->
    [one] 1 registro no cuenta
   *[other] { $count } registros no cuentan
}
req-evidence = Constancia:
req-source = Fuente:
req-checked = Verificado según:
req-progress-hours = { $counted } de { $needed } horas
req-progress-years = { $counted } de { $needed } años
req-progress-count = { $counted } de { $needed }

req-education = Formación académica
req-training = Capacitación
req-work = Trabajo especializado
req-rsc = Supervisión/consulta reflexiva
req-references = Evaluaciones de referencia
req-agreements = Acuerdos
req-membership = Membresía
req-exam = Examen

req-status-met = Cumplido
req-status-unmet = Falta
req-status-pending = Etapa posterior
req-status-na = No se exige

side-progress-label = Su progreso
side-progress = Progreso: { $category }
side-progress-empty = Progreso
side-empty = Cuando se inscriba en una categoría, este panel mostrará cada requisito, lo que cuenta hasta ahora y lo que no, a medida que complete su portafolio.
side-history = Solicitud e historial

detail-degree-none-required = Esta categoría no exige un título mínimo.
detail-degree-met = Se necesita { $degree ->
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
} o un título superior; { $count ->
    [one] 1 título válido completado
   *[other] { $count } títulos válidos completados
}.
detail-degree-unmet = Se necesita { $degree ->
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
} o un título superior{ $licence ->
    [yes] {" "}o una licencia profesional de salud mental
   *[no] {""}
}; ninguno completado al { $date }.
detail-coursework-areas = Los cursos documentan { $count ->
    [one] 1 área de competencia
   *[other] { $count } áreas de competencia
}: { $areas }.
detail-coursework-many = Los cursos documentan { $count } áreas de competencia (el mapa de cobertura las enumera).
detail-training = { $hours } de { $minimum } h de capacitación centrada en las relaciones contabilizadas{ $rsc_minimum ->
    [0] {""}
   *[other] ; sobre cómo brindar RS/C: { $rsc } de { $rsc_minimum } h
}{ $dei_minimum ->
    [0] {""}
   *[other] ; diversidad, equidad e inclusión: { $dei } de { $dei_minimum } h
}{ $overlap ->
    [yes] ; las horas marcadas a la vez como RS/C y DEI cuentan para uno de los dos temas, no para ambos
   *[no] {""}
}.
detail-training-typical = Quienes solicitan esta categoría suelen presentar unas { $hours } h para mostrar todas las áreas de competencia.
detail-rsc-none-required = Esta categoría no exige un mínimo de RS/C (se recomienda).
detail-rsc = { $hours } de { $minimum } h con proveedores/as calificados/as{ $received ->
    [yes] ; recibida del { $first } al { $last } ({ $span ->
        [one] { $span } mes
       *[other] { $span } meses
    }; debe abarcar de { $span_min } a { $span_max } meses)
   *[no] {""}
}{ $about_minimum ->
    [0] {""}
   *[other] ; sobre la RS/C que usted brinda: { $about } de { $about_minimum } h
}{ $majority_short ->
    [yes] ; ningún grupo de { $at_most } proveedores/as aporta la mayoría de las { $minimum } h requeridas (los/las { $at_most } que más aportan suman { $majority_hours } h)
   *[no] {""}
}.
detail-agreements-signed = Código de Ética y Acuerdo de { -endorsement } firmados.
detail-membership-active = Vigente hasta el { $date }.
detail-ratings-all = Cuentan { $filled } de { $count } evaluaciones, una por cada rol.
detail-ratings-some = Cuentan { $filled } de { $count } evaluaciones; cada rol necesita su propio/a referente.

excluded-line = { $item }: { $reason }

need-training-hours = { $hours ->
    [one] 1 hora más
   *[other] { $hours } horas más
} de capacitación
need-training-hours-rsc = { $hours } horas más de capacitación, de las cuales { $rsc } sobre cómo brindar RS/C
need-training-hours-dei = { $hours } horas más de capacitación, de las cuales { $dei } sobre diversidad, equidad e inclusión
need-training-hours-rsc-dei = { $hours } horas más de capacitación, de las cuales { $rsc } sobre cómo brindar RS/C y { $dei } sobre diversidad, equidad e inclusión
need-sign-code-of-ethics = firmar el Código de Ética
need-sign-endorsement-agreement = firmar el Acuerdo de { -endorsement }
need-renew-membership = renovar la membresía
need-families = { $count ->
    [one] 1 familia atendida más
   *[other] { $count } familias atendidas más
}
need-rsc-span = RS/C que abarque al menos { $months } meses
need-rsc-providers = la mayoría de las horas exigidas con uno o dos proveedores
need-degree = { $degree ->
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
}{ $licence ->
    [yes] {" "}o una licencia profesional de salud mental
   *[no] {""}
}

why-dated-after = con fecha { $date }, posterior al { $as_of }
why-no-competency = no indica ningún área de competencia; una capacitación cuenta solo si cubre al menos una
why-population-school-age = centrada en niños en edad escolar; no cuentan las capacitaciones dedicadas sobre todo a niños en edad escolar, adolescentes o personas mayores
why-population-adolescent = centrada en adolescentes; no cuentan las capacitaciones dedicadas sobre todo a niños en edad escolar, adolescentes o personas mayores
why-population-elderly = centrada en personas mayores; no cuentan las capacitaciones dedicadas sobre todo a niños en edad escolar, adolescentes o personas mayores
why-population-other = centrada en una población ajena al { -endorsement }; no cuentan las capacitaciones dedicadas sobre todo a niños en edad escolar, adolescentes o personas mayores
why-another-conference = otra conferencia, «{ $conference }»: figura en la lista pero no cuenta para el mínimo de { $minimum } horas; { $cap ->
    [one] solo puede contar 1 conferencia
   *[other] solo pueden contar { $cap } conferencias
}{ $kept ->
    [0] {""}
   *[other] {" "}(cuenta { $counts })
}
why-rating-not-requested = aún no se ha solicitado
why-rating-requested = solicitada; el/la referente aún no la ha completado
why-rating-declined = el/la referente la rechazó
why-membership-expired = venció el { $date }
why-no-category = la asociación no ofrece ninguna categoría para la que cuente

item-training = La capacitación «{ $title }» ({ $date })
item-rating = La evaluación de { $name }, { $role ->
    [program-supervisor] su supervisor/a de programa
    [rsc-provider] su proveedor/a de RS/C
    [colleague] su colega
    [supervisee] su supervisado/a
    [teacher] su docente, capacitador/a o consultor/a
    [parent] un padre o una madre
   *[other] un/a referente con otro rol
}

# Quién respalda lo que cuenta un requisito (views::provenance): después de req-evidence.
evidence-ratings = { $raters ->
    [one] { $raters } evaluación enviada
   *[other] { $raters } evaluaciones enviadas
} por el/la referente mediante el enlace recibido por correo{ $staff ->
    [0] {""}
    [one] ; { $staff } evaluación en papel registrada por un/a coordinador/a
   *[other] ; { $staff } evaluaciones en papel registradas por un/a coordinador/a
}
evidence-membership-record = el registro de membresía de la asociación ({ $association })
evidence-membership-typed = ingresada por el/la solicitante (no cuenta)
evidence-membership-none = aún no hay registro de membresía de la asociación
evidence-agreements = firmados por el/la solicitante en Lattice, con la fecha del servidor
evidence-exam = registrado por el/la coordinador/a después del examen
evidence-self-reported = declarado por el/la solicitante; los/las revisores/as lo comprueban
