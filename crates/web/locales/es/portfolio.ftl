# La portada del portafolio (templates/portfolio.html, handlers/portfolio.rs overview).
# Los nombres de las secciones se comparten con las páginas de sección.

section-education = Formación académica
section-trainings = Capacitaciones
section-work = Experiencia laboral
# A zero-width space after the slash lets a narrow card break the line there, not mid-word.
section-rsc = Supervisión/​consulta reflexiva (RS/C)
section-references = Referencias

portfolio-title = Su portafolio
portfolio-crumb-dashboard = Mi panel
portfolio-crumb = Portafolio
portfolio-lead = Complételo a lo largo de los meses; el panel muestra lo que cuenta para su categoría a medida que avanza.
portfolio-frozen = Su portafolio se envió para { $category } y es de solo lectura mientras la asociación lo revisa. Si su coordinador/a se lo devuelve para hacer cambios, podrá editarlo de nuevo; mientras tanto, puede enviarle un mensaje.
portfolio-frozen-on = Su portafolio se envió para { $category } el { $date } y es de solo lectura mientras la asociación lo revisa. Si su coordinador/a se lo devuelve para hacer cambios, podrá editarlo de nuevo; mientras tanto, puede enviarle un mensaje.
portfolio-imported = Importado.
portfolio-imported-not-taken = Parte del archivo no se tomó, porque otra persona debe avalarla:
portfolio-entries = { $count ->
    [0] Aún no hay nada
    [one] { $count } registro
   *[other] { $count } registros
}
portfolio-agreements = Acuerdos
portfolio-code-of-ethics = Código de Ética
portfolio-endorsement-agreement = Acuerdo de { -endorsement }
portfolio-not-signed = sin firmar
portfolio-signed-on = firmado el { $date }
portfolio-membership = Membresía
portfolio-no-membership = Aún no hay membresía registrada. Su asociación la registra cuando usted se afilia o la renueva; su coordinador/a la confirma con su inscripción.
portfolio-member-of-other = Miembro de { $other } (n.º { $number }), { $ended ->
    [yes] vencida el
   *[no] vigente hasta el
} { $date }: { $association } comprobó su constancia.
portfolio-member = Miembro de { $association } n.º { $number } ({ $kind }), { $ended ->
    [yes] vencida el
   *[no] vigente hasta el
} { $date }. Registrada por la asociación.
portfolio-request-proof = Usted envió la constancia de su membresía en { $other } el { $date }; un/a coordinador/a la comprueba y la registra.
portfolio-request-join = Usted pidió afiliarse o renovar ({ $kind }) el { $date }; su coordinador/a lo registra cuando se reciba la cuota.
portfolio-request-dues-paid = Cuota de { $amount } US$ registrada como pagada el { $date }.
portfolio-request-dues-unpaid = Cuota: { $amount } US$, aún sin pagar.
portfolio-renew = Renovar su membresía
portfolio-join = Afiliarse a la asociación
portfolio-join-association = Asociación
portfolio-join-kind = Tipo de membresía
portfolio-join-button = Pedir la afiliación o la renovación
membership-kind-individual = Individual
membership-kind-student = Estudiante
membership-kind-family-or-retired = Familiar o jubilado/a
membership-kind-organizational = A través de una organización
membership-kind-other-imh-association = Otra asociación de salud mental infantil
portfolio-elsewhere = Soy miembro de otra asociación de salud mental infantil
portfolio-elsewhere-help = { $count ->
    [one] { $associations } acepta
   *[other] { $associations } aceptan
} la membresía en otra asociación de salud mental infantil. Envíe una constancia (un carné o un recibo de membresía, en PDF, PNG o JPEG); un/a coordinador/a la comprueba y la registra.
portfolio-elsewhere-applying = Asociación a la que presenta su solicitud
portfolio-elsewhere-name = Asociación de la que es miembro
portfolio-elsewhere-number = Su número de miembro allí
portfolio-elsewhere-until = Membresía vigente hasta
portfolio-elsewhere-proof = Constancia
portfolio-elsewhere-proof-help = Un PDF, PNG o JPEG de hasta { $megabytes } MB (un carné o un recibo de membresía).
portfolio-elsewhere-button = Enviar para su comprobación
portfolio-coverage = Ver su cobertura de competencias y qué categoría le corresponde
portfolio-move = Traer o llevar su portafolio
portfolio-download = Descargar como lattice-portfolio/1 (JSON)
portfolio-summary = Resumen para imprimir
portfolio-import-refused = El archivo no se importó; su portafolio no cambió.
portfolio-import-fix = Corrija lo siguiente e inténtelo de nuevo:
portfolio-import-label = Reemplazar mi portafolio con un archivo lattice-portfolio/1
portfolio-import-help = Todo lo que contiene el archivo reemplaza lo que hay aquí ahora. Nada cambia si el archivo tiene un problema.
portfolio-import-not-taken = Las evaluaciones de referencia, la membresía y las firmas no se toman de un archivo: los referentes envían sus evaluaciones con su enlace, su asociación registra la membresía y usted firma los acuerdos aquí.
portfolio-import-button = Importar
