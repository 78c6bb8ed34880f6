# La página de inicio (templates/home.html).

home-title = Endorsement® en salud mental infantil y de la primera infancia
home-heading = { -endorsement }, desde la primera capacitación hasta la renovación
home-lead = Arme su portafolio a lo largo de los meses, vea en cada paso lo que aún le falta para su categoría y siga su solicitud durante la revisión.
home-create-account = Crear una cuenta
home-sign-in = Iniciar sesión
home-find-professional = Buscar a un/a profesional con Endorsement®
home-verify = verificar una credencial por su número
home-associations = Asociaciones
home-association-details = Categorías, requisitos y cuotas
home-association-registry = Registro
home-association-registry-label = Registro de { $association }

# La página de una asociación (templates/association.html, handlers/public.rs): sus categorías
# con lo que pide y cuesta cada una, y la renovación anual. La lista lateral del formulario de
# inscripción (register.html) dice las mismas líneas. Las notas de la asociación quedan en sus
# propias palabras.
public-crumb-associations = Asociaciones
public-lead = Categorías de { -endorsement } que se ofrecen en { $state }, con lo que pide y lo que cuesta cada una. Reglas vigentes:
public-not-offered = No se ofrece aquí
public-achievements = Logros (Open Badges):
public-fees-label = Cuotas:
public-fees = { $registration } US$ de inscripción, { $processing } US$ de tramitación de la solicitud
public-fees-unpublished = Cuotas: consulte a la asociación (no publicadas)
public-register-for = Inscribirse en { $category }
public-renewal-heading = Renovación
public-req-education-none = Formación académica: no se exige ningún título
public-req-education = Formación académica: { $level ->
    [cda] una credencial CDA
    [associate] un título técnico (associate's degree)
    [bachelors] una licenciatura
    [masters] una maestría
   *[doctorate] un doctorado
} o superior
public-req-training = Capacitación: al menos { $hours } h en las áreas de competencia
public-req-work = Experiencia laboral: { $describe }
public-req-rsc = Supervisión/consulta reflexiva (RS/C): al menos { $hours } h a lo largo de { $min } a { $max } meses
public-req-references = Referencias: { $count ->
    [one] { $count } evaluación de referencia
   *[other] { $count } evaluaciones de referencia
}
public-req-exam = Examen después de la revisión: Parte 1 ({ $questions } preguntas) y Parte 2 ({ $answered } de { $vignettes } viñetas)
public-renewal = Renovación cada año a más tardar el { $day } de { $month ->
    [1] enero
    [2] febrero
    [3] marzo
    [4] abril
    [5] mayo
    [6] junio
    [7] julio
    [8] agosto
    [9] septiembre
    [10] octubre
    [11] noviembre
   *[12] diciembre
}: { $hours } h de capacitación
public-renewal-late-fee = Cuota por renovación tardía: { $fee } US$

# Una categoría como logro de Open Badges (templates/achievement.html): sus criterios son las
# líneas de la página de la asociación (public-req-…); la descripción queda la de la credencial.
achievement-what = Un logro (certificación) de Open Badges 3.0 de { $association }.
achievement-json-with = Los programas lo leen como JSON-LD en esta misma dirección con
achievement-json-or = {", o en"}
achievement-criteria = Criterios
achievement-reviewed = La asociación revisa cada portafolio antes de otorgar la credencial { -endorsement }.
achievement-requirements-link = Los requisitos en la página de la asociación
achievement-areas = Áreas de competencia
achievement-areas-help = Las áreas de las Competency Guidelines que buscan las evaluaciones de referencia y los/las revisores/as en esta categoría.
