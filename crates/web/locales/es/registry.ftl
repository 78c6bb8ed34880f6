# El registro público, la página de verificación y la casilla para buscar un número
# (templates/registry.html, verify.html, verify_lookup.html; handlers/endorsements.rs). Los
# datos de la credencial (nombres, el título registrado de la categoría, la asociación) quedan
# como se otorgaron. Los rechazos de una búsqueda escrita en la dirección siguen en inglés.

registry-title = Registro público de { -endorsement }
registry-title-association = Registro público de { $association }
registry-heading = Encuentre a un/a profesional con { -endorsement }
registry-heading-association = { $association }: profesionales con { -endorsement }
registry-lead = Busque a las personas que tienen hoy la credencial { -endorsement } (reconocimiento profesional en salud mental infantil y de la primera infancia). Cada resultado lleva a su página de verificación.
registry-not-a-license = { -endorsement } reconoce el desarrollo profesional en salud mental infantil y de la primera infancia. No es una licencia para ejercer.
registry-fix-field = Corrija el campo marcado abajo; lo que escribió se conserva.
registry-name = Nombre
registry-name-help = Un apellido o un nombre, o sus primeras letras ("Oka", "Grace"), o un nombre completo ("Grace Okafor" u "Okafor, Grace"). Los acentos son opcionales.
registry-city = Ciudad
registry-region = Estado o región
registry-category = Categoría
registry-association = Asociación
registry-any = cualquiera
registry-search = Buscar
registry-found-more = Más de 1000 profesionales con { -endorsement }: agregue letras al nombre o elija una ciudad
registry-found = { $count ->
    [one] { $count } profesional con { -endorsement }
   *[other] { $count } profesionales con { -endorsement }
}
registry-everyone = Todas las personas con { -endorsement } vigente hoy
registry-listing-more = Más de 1000 personas, por apellido. Escriba un nombre o elija una ciudad para encontrar a alguien.
registry-listing = { $count ->
    [one] { $count } persona
   *[other] { $count } personas
}, por apellido. Escriba un nombre o elija una ciudad para encontrar a alguien.
registry-none = Nadie coincide. Pruebe con menos letras del nombre o con otra ciudad.
registry-col-name = Nombre
registry-col-endorsement = { -endorsement }
registry-col-association = Asociación
registry-col-place = Lugar
registry-col-credential = Credencial
registry-place = Lugar:
registry-credential = Credencial:
registry-next = Más resultados
registry-unreadable = No se pudo leer la dirección de esta búsqueda (¿una parte repetida?); busque de nuevo abajo
registry-no-such-page = La dirección pide una página de resultados que no existe; se muestran los primeros resultados.
registry-too-long = Como máximo 100 caracteres
registry-no-category = «{ $typed }» no es la abreviatura de una categoría (IFA, IFS, IMHS, …)
registry-no-association = No hay ninguna asociación «{ $typed }»

verify-crumb-registry = Registro
verify-crumb = Verificar
verify-heading = Verificar una credencial { -endorsement }
verify-title = Verificar { $number }
verify-association = Asociación
verify-endorsed = Otorgado el
verify-number = Número de credencial
verify-former = Número anterior
verify-former-note = (asignado por { $association } antes de pasar a Lattice; sigue siendo válido)
# El estado de la credencial (femenino, como «credencial») en palabras con la fecha en que entró en vigor.
verify-standing = { $status ->
    [active] Vigente, en regla hasta el { $date }
    [emeritus] Emérito/a desde el { $date }
    [lapsed] Vencida desde el { $date }: no se renovó
    [inactive] Inactiva (suspendida) desde el { $date }
   *[revoked] Revocada el { $date }
}
verify-status-label = { $status ->
    [active] Vigente
    [emeritus] Emérito/a
    [lapsed] Vencida
    [inactive] Inactiva
   *[revoked] Revocada
}
verify-certificate = Certificado (PDF):
verify-change = Cambiar el estado (coordinadores/as)
verify-status = Estado
verify-reason = Motivo (queda en el registro)
verify-revoke-confirm = Para revocar: entiendo que la revocación es definitiva; la credencial nunca podrá volver a estar vigente.
verify-change-button = Cambiar el estado
verify-software = Esta página lee el registro de la asociación tal como está ahora. Una credencial digital con este número también puede verificarse con software; consulte
verify-keys = las claves públicas de las asociaciones
verify-lookup-lead = Escriba el número de credencial impreso en el certificado, por ejemplo
verify-lookup-lead-end = No importan las mayúsculas, los espacios ni los guiones.
verify-button = Verificar
verify-no-number = ¿Busca a alguien sin su número?
verify-search-registry = Busque en el registro por nombre
verify-unknown = Ninguna credencial { -endorsement } tiene el número { $number }.
verify-unknown-check = Ninguna credencial { -endorsement } tiene el número { $number }: compárelo con el certificado (un número se ve así: MASSAIMH-2026-000042-31, y sus dos últimos dígitos verifican el resto).
