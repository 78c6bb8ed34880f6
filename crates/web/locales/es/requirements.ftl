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
detail-work-part = { $part }: { $kind ->
    [none] aún no hay registros
    [documented] documentado
   *[years] { $counted } de { $years } años
}{ $internship ->
    [0] {""}
   *[other] {" "}(incluidos { $internship } años de práctica de posgrado supervisada)
}{ $families_rule ->
    [yes] ; { $families } de { $families_needed } familias atendidas
   *[no] {""}
}{ $end ->
    [last] .
   *[more] ;
}
detail-work-part-time = El trabajo a tiempo parcial cuenta en proporción a una semana de { $full } horas (ajuste de { $association } en Lattice; la asociación puede cambiarlo): 2 años a { $half } horas semanales cuentan como 1 año.
detail-agreements-to-sign = Falta firmar: { $which ->
    [code-of-ethics] el Código de Ética
    [endorsement-agreement] el Acuerdo de { -endorsement }
   *[both] el Código de Ética y el Acuerdo de { -endorsement }
}.
detail-membership-none = Se necesita membresía vigente en { $association }{ $any ->
    [yes] {" "}o en otra asociación de salud mental infantil
   *[no] {""}
}; no hay ninguna registrada.
detail-membership-unrecorded = Se necesita membresía vigente en { $association }{ $any ->
    [yes] {" "}o en otra asociación de salud mental infantil
   *[no] {""}
}, registrada por la asociación.
detail-membership-needed = Se necesita membresía vigente en { $association }{ $any ->
    [yes] {" "}o en otra asociación de salud mental infantil
   *[no] {""}
}.
detail-membership-expired = La membresía venció el { $date }; renuévela.
detail-exam-none = Esta categoría no tiene examen.
detail-exam = Después de la aprobación de los/las revisores/as: Parte 1, { $questions } preguntas de opción múltiple en { $minutes } minutos; se aprueba con el { $percent } % (como máximo { $wrong } incorrectas). Parte 2, { $answered } de { $vignettes } viñetas en { $part2_minutes } minutos{ $part2_percent ->
    [0] ; la califican dos revisores/as sin conocer su identidad
   *[other] ; se aprueba con el { $part2_percent } %
}. La aprobación para presentarlo vale { $months } meses.

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
need-work-kind = { $part }
need-work-time = { $unit ->
    [days] { $amount ->
        [one] 1 día más
       *[other] { $amount } días más
    }
   *[years] { $amount ->
        [one] 1 año más
       *[other] { $amount } años más
    }
} de { $part }
need-rating-from = una evaluación de { $role }
need-membership = membresía vigente en { $association }{ $any ->
    [yes] {" "}o en otra asociación de salud mental infantil
   *[no] {""}
}
need-membership-recorded = membresía en { $association }{ $any ->
    [yes] {" "}o en otra asociación de salud mental infantil
   *[no] {""}
} registrada por la asociación
need-membership-here = membresía en { $association }
need-rsc-hours = { $hours ->
    [one] 1 hora más
   *[other] { $hours } horas más
} de RS/C de { $providers }{ $own ->
    [0] {""}
   *[other] , de las cuales { $own } sobre la RS/C que usted brinda
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
why-work-starts-after = comienza el { $start }, después del { $as_of }
why-work-unpaid = no remunerado; esta parte cuenta trabajo remunerado
why-work-neither-paid-nor-supervised = ni remunerado ni voluntariado supervisado
why-work-not-supervised = no supervisado; esta parte cuenta trabajo supervisado
why-work-age = no atiende a { $ages ->
    [birth-36m] bebés y niños pequeños (del nacimiento a los 36 meses)
    [three-to-six-years] niños pequeños (de 3 a 6 años)
   *[prenatal] mujeres embarazadas y familias
}
why-work-classroom = la enseñanza en el aula no cuenta para el trabajo de esta categoría
why-work-not-child-and-parent = no es con el niño pequeño y su padre o madre (biológico, de acogida o adoptivo) a la vez
why-work-services = ninguno de los servicios que cuenta esta parte: { $services }
why-work-no-rsc = no brinda supervisión/consulta reflexiva
why-work-not-leadership = no es un puesto de liderazgo
why-work-not-therapist = no es como terapeuta con licencia o en condiciones de obtenerla
why-work-internship-supervisor = una práctica cuenta solo bajo un/a supervisor/a con { -endorsement } III o IV-Clinical
why-work-before-degree = cuenta solo después de completar { $degree ->
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
}, y no hay ninguno completado
why-work-ended-before-degree = terminó antes de completar el título requerido ({ $date })
why-work-prenatal-only = atiende solo a mujeres embarazadas; ese trabajo cuenta solo junto con trabajo con bebés o niños pequeños
why-for-part = { $reason } (para: { $part })
why-membership-typed = ingresada por el/la solicitante; la membresía cuenta según el registro de la asociación
why-membership-elsewhere = { $association } exige membresía en { $association }
why-degree-below = { $level ->
    [none] ningún título
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
} está por debajo del mínimo, { $degree ->
    [none] ningún título
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
}
why-degree-completes-after = se completa el { $date }, después del { $as_of }
why-degree-not-completed = aún no se ha completado
why-rsc-runs-until = se extiende hasta el { $end }, después del { $as_of }; regístrela cuando termine
why-rsc-peer = la supervisión entre pares no cuenta
why-rsc-not-serving = no hay trabajo con bebés o niños pequeños y sus familias registrado en estas fechas; la RS/C cuenta cuando se recibe mientras se les atiende
why-rsc-span-alone = abarca { $months } meses por sí sola; la RS/C contabilizada debe caber en { $max } meses, así que divídala por fechas
why-rsc-outside-window = queda fuera del período de { $max } meses contabilizado (del { $first } al { $last }); la RS/C contabilizada debe caber en { $max } meses
why-rsc-bachelors-only = el/la proveedor/a tiene { -endorsement } { $held }; eso cuenta solo para solicitantes con licenciatura, y el título más alto aquí es { $degree ->
    [none] ningún título
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
}
why-rsc-exception-degree = el/la proveedor/a tiene { -endorsement } { $held } pero no { $degree ->
    [none] ningún título
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
}, que la excepción para solicitantes con licenciatura exige
why-rsc-exception-receives = el/la proveedor/a tiene { -endorsement } { $held } pero no recibe RS/C, que la excepción para solicitantes con licenciatura exige
why-rsc-not-imh-specialist = el/la proveedor/a { $endorsed ->
    [yes] tiene { -endorsement } { $held }
   *[no] no tiene { -endorsement }
}, y este registro no indica que se especialice en salud mental infantil; sin { -endorsement } de Categoría III o IV, un/a proveedor/a cuenta solo si cumple sus criterios y se especializa en salud mental infantil
why-rsc-provider = el/la proveedor/a { $endorsed ->
    [yes] tiene { -endorsement } { $held }
   *[no] no tiene { -endorsement }
}; la RS/C contabilizada debe venir de { $providers }

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
item-work = Su trabajo en { $employer }{ $has_role ->
    [yes] , { $role }
   *[no] {""}
} ({ $has_end ->
    [yes] del { $start } al { $end }
   *[no] desde el { $start }
})
item-rsc = La RS/C con { $name } (del { $start } al { $end }, { $hours } h)
# Quién puede brindar la RS/C contabilizada (dentro de need-rsc-hours y why-rsc-provider); las
# siglas de las credenciales son marcas y no se traducen.
rsc-providers = { $count ->
    [0] un/a Reflective Supervisor reconocido/a por la asociación
    [1] alguien con { -endorsement } { $tail }{ $vetted ->
        [yes] {" "}o un/a Reflective Supervisor reconocido/a por la asociación
       *[no] {""}
    }
   *[other] alguien con { -endorsement } { $head }{ $vetted ->
        [yes] , { $tail } o un/a Reflective Supervisor reconocido/a por la asociación
       *[no] {" "}o { $tail }
    }
}
rsc-providers-none = nadie
rules-in-force = las reglas de { $association } vigentes desde el { $date }
tier = { $numbered ->
    [yes] { $word } { $label }
   *[no] { $label }
}
item-education = { $named ->
    [yes] Su título «{ $name }»
   *[no] Su { $level ->
    [none] título
    [cda] credencial CDA
    [associate] título técnico (Associate's degree)
    [masters] maestría
    [doctorate] doctorado
   *[bachelors] licenciatura
}
}
item-membership = Su membresía (vigente hasta el { $date })

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

# Dónde está el/la solicitante con el examen después de la revisión: la etiqueta y la frase.
exam-stage-not-scheduled = Aún sin fecha
exam-stage-scheduled = Con fecha
exam-stage-awaiting-results = Resultados pendientes
exam-stage-passed = Aprobado
exam-stage-not-passed = No aprobado
exam-said-not-scheduled = Usted está aprobado/a para presentar el examen; su coordinador/a programará una fecha.
exam-said-scheduled = Programado para el { $date }.
exam-said-awaiting-results = Presentado el { $date }; los resultados aún no se han registrado.
exam-said-passed = Aprobado (presentado el { $date }).
exam-said-not-passed = No aprobado (presentado el { $date }); puede volver a presentarse a partir del { $retake }.

## La carta de resultados del examen, párrafo por párrafo (`exam::feedback_letter_said`).
exam-letter-greeting = Estimado/a { $name }:
exam-letter-thanks = Gracias por presentar el examen de { $category } el { $date }. Estos son sus resultados.
exam-letter-part1-unscored = Parte 1 (opción múltiple): aún sin calificar.
exam-letter-part1-bad-record = Parte 1 (opción múltiple): el resultado registrado no puede ser correcto; lo corregiremos y le escribiremos de nuevo.
exam-letter-part1 = Parte 1 (opción múltiple): { $result ->
        [passed] aprobada
       *[not-passed] no aprobada
    }. Respondió mal { $wrong } de { $questions } preguntas; se aprueba con { $most } respuestas incorrectas como máximo.
exam-letter-part2-unscored = Parte 2 (viñetas): aún sin calificar.
exam-letter-part2-bad-record = Parte 2 (viñetas): el resultado registrado no puede ser correcto; lo corregiremos y le escribiremos de nuevo.
exam-letter-part2-points = Parte 2 (viñetas): { $result ->
        [passed] aprobada
       *[not-passed] no aprobada
    }. Sus respuestas sumaron { $points } de { $max } puntos ({ $scored } %); se necesita un { $needed } % para aprobar.
exam-letter-part2-means = Parte 2 (viñetas): { $result ->
        [passed] aprobada
       *[not-passed] no aprobada
    }. Cada respuesta se aprueba con una media de al menos { $mean } de { $max } entre sus dos evaluadores/as; las medias de sus respuestas fueron { $first } y { $second }.
exam-letter-passed = Aprobó el examen. ¡Felicitaciones!
exam-letter-incomplete = Su resultado aún no está completo; le escribiremos de nuevo cuando ambas partes estén calificadas.
exam-letter-not-passed = No aprobó { $parts ->
        [part1] la Parte 1
        [part2] la Parte 2
       *[both] ni la Parte 1 ni la Parte 2
    }. Una parte no aprobada puede volver a presentarse a partir del { $retake }.

## Advice that blocks nothing, under the requirements (`Report::advice`).
req-advice = Consejos
advice-rating-presumed = { $name } cuenta como { $role } porque, como quien le brinda la RS/C, se espera que cumpla esos criterios; registre su { -endorsement } para que los/las revisores/as puedan confirmarlo.
advice-rater-known-short = { $name } le conocía desde hacía menos de { $months ->
    [one] { $months } mes
   *[other] { $months } meses
} cuando le evaluó; cada referente debería conocerle desde hace al menos ese tiempo.
advice-lower-tier = Con menos de { $families ->
    [one] { $families } familia
   *[other] { $families } familias
} o menos de { $months ->
    [one] { $months } mes
   *[other] { $months } meses
} de este trabajo hasta ahora, { $tier } puede ser la más adecuada en este momento.
advice-imh-certificate = El certificado universitario en salud mental infantil ({ $institution }) puede documentar competencias; el mínimo de { $hours } h de capacitación sigue vigente.
advice-rsc-bachelors-exception = { $name } cuenta por la excepción para solicitantes con licenciatura (tiene { -endorsement } { $held } y { $degree ->
    [none] ningún título
    [cda] una credencial CDA
    [associate] un título técnico (Associate's degree)
    [masters] una maestría
    [doctorate] un doctorado
   *[bachelors] una licenciatura
}, y recibe RS/C)
advice-rsc-meets-criteria = La RS/C de { $name } cuenta por su declaración de que cumple los criterios de la Categoría III o IV{ $specialist ->
    [yes] {" "}y se especializa en salud mental infantil
   *[no] {""}
}; los/las revisores/as lo confirman
advice-theory-uncovered = Áreas de Fundamentos teóricos que ninguna capacitación o curso contabilizado cubre todavía: { $areas }. Los/las revisores/as buscan cursos o capacitaciones en cada una; la experiencia laboral y las evaluaciones de referencia por sí solas no las documentan.
# A note of the association's rules, in the words its profile gives.
advice-note = { $note }

## A renewal requirement's detail (`RenewalItem::said`): English pages print the engine's own.
renewal-hours = { $counted } de { $needed } h { $what ->
    [rsc-training] de esa capacitación sobre cómo brindar RS/C
    [dei] de esa capacitación sobre diversidad, equidad e inclusión
    [rsc] de RS/C recibida de { $providers ->
        [iv-clinical-mentor] un/a mentor/a IV-Clinical (usted brinda RS/C a otras personas)
        [ii-masters-or-iii-iv] alguien de Categoría II con maestría que recibe RS/C, o de Categoría III o IV-Clinical
       *[iii-iv] alguien de Categoría III o IV-Clinical
    }
   *[training] de capacitación centrada en las relaciones
} en { $year }{ $required ->
    [no] {" "}(se recomienda)
   *[yes] {""}
}.
renewal-hours-first-year = { -endorsement } otorgado en { $endorsed }: las horas de renovación se exigen por primera vez para { $owed }.
renewal-ethics-signed = Código de Ética firmado de nuevo el { $signed }.
renewal-ethics-resign-between = El Código de Ética se firmó por última vez el { $signed }; vuelva a firmarlo entre el { $first } y el { $deadline }.
renewal-ethics-resign-by = Vuelva a firmar el Código de Ética a más tardar el { $deadline }.
renewal-membership-none = No hay membresía registrada; renueve su membresía en { $association }{ $any ->
    [yes] {" "}u otra asociación de salud mental infantil
   *[no] {""}
} junto con el { -endorsement }.
renewal-membership-typed = Se necesita membresía en { $association }{ $any ->
    [yes] {" "}u otra asociación de salud mental infantil
   *[no] {""}
}, registrada por la asociación.
renewal-membership-elsewhere = Se necesita membresía en { $association }{ $any ->
    [yes] {" "}u otra asociación de salud mental infantil
   *[no] {""}
} hasta el { $deadline }.
renewal-membership-ends = La membresía termina el { $until }; renuévela para que llegue hasta la fecha límite del { $deadline }.
renewal-membership-valid = Membresía ({ $held }) vigente hasta el { $until }.

## What reinstating asks (`reinstatement::Need`): each label, then its detail.
reinstate-label-membership = Membresía actualizada
reinstate-label-experience = Experiencia nueva
reinstate-label-ratings = { $count ->
    [one] Una evaluación de referencia nueva
   *[other] { $count } evaluaciones de referencia nuevas
}
reinstate-label-fee = La cuota de tramitación
reinstate-membership = Una membresía vigente en { $association }{ $any ->
    [yes] {" "}u otra asociación de salud mental infantil
   *[no] {""}
}, registrada por { $association }.
reinstate-experience = Trabajo o capacitación desde el { $lapsed }, agregados a su portafolio: un empleo que continuó después de ese día, o una capacitación con esa fecha o posterior.
reinstate-ratings = Evaluaciones de referencia completadas a partir del { $lapsed }. Las completadas antes de que venciera su { -endorsement } no vuelven a contar; cada evaluación es válida durante { $months } meses.
reinstate-fee = La cuota de tramitación de { $usd } US$, de nuevo: se factura cuando envíe la solicitud.
reinstate-fee-association = La cuota de tramitación de { $association }, de nuevo: se factura cuando envíe la solicitud.
