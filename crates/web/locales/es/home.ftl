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
