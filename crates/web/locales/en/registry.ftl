# The public registry, the verification page and the box to look a number up
# (templates/registry.html, verify.html, verify_lookup.html; handlers/endorsements.rs). The
# credential's own data (names, the category's registered title, the association) stays as
# issued. The registry's refusals of a search typed into its address are still English.

registry-title = Endorsement® registry
registry-title-association = { $association } registry
registry-heading = Find an endorsed professional
registry-heading-association = { $association }: endorsed professionals
registry-lead = Search the people who hold Endorsement® today. Each entry links to its verification page.
registry-not-a-license = Endorsement® recognizes professional development in infant and early childhood mental health. It is not a license to practice.
registry-fix-field = Please fix the field marked below; what you typed is kept.
registry-name = Name
registry-name-help = A family or given name, or its first letters ("Oka", "Grace"), or a whole name ("Grace Okafor" or "Okafor, Grace"). Accents are optional.
registry-city = City
registry-region = State or region
registry-category = Category
registry-association = Association
registry-any = any
registry-search = Search
registry-found-more = More than 1,000 endorsed people: add to the name or choose a city
registry-found = { $count ->
    [one] { $count } endorsed person
   *[other] { $count } endorsed people
}
registry-everyone = Everyone endorsed today
registry-listing-more = More than 1,000 people, by family name. Type a name or choose a city to find someone.
registry-listing = { $count ->
    [one] { $count } person
   *[other] { $count } people
}, by family name. Type a name or choose a city to find someone.
registry-none = No one matches. Try fewer letters of the name, or another city.
registry-col-name = Name
registry-col-endorsement = Endorsement
registry-col-association = Association
registry-col-place = Place
registry-col-credential = Credential
registry-place = Place:
registry-credential = Credential:
registry-next = Next results
registry-unreadable = The address of this search could not be read (a part given twice?); search again below
registry-no-such-page = The address asks for a page of results that does not exist; the first results are shown instead.
registry-too-long = At most 100 characters
registry-no-category = "{ $typed }" is not a category abbreviation (IFA, IFS, IMHS, …)
registry-no-association = No association "{ $typed }"

verify-crumb-registry = Registry
verify-crumb = Verify
verify-heading = Verify an endorsement
verify-title = Verify { $number }
verify-association = Association
verify-endorsed = Endorsed
verify-number = Credential number
verify-former = Earlier number
verify-former-note = (given by { $association } before it moved to Lattice; it still verifies)
# The status in words with the date it took effect.
verify-standing = { $status ->
    [active] Active, in good standing through { $date }
    [emeritus] Emeritus since { $date }
    [lapsed] Lapsed since { $date }: not renewed
    [inactive] Inactive (suspended) since { $date }
   *[revoked] Revoked on { $date }
}
verify-status-label = { $status ->
    [active] Active
    [emeritus] Emeritus
    [lapsed] Lapsed
    [inactive] Inactive
   *[revoked] Revoked
}
verify-certificate = Certificate (PDF):
verify-change = Change the status (coordinators)
verify-status = Status
verify-reason = Reason (kept in the record)
verify-revoke-confirm = To revoke: I understand that a revocation is final; the endorsement can never be made active again.
verify-change-button = Change status
verify-software = This page reads the association's record as it is now. A digital credential with this number can also be checked by software; see
verify-keys = the associations' public keys
verify-lookup-lead = Type the credential number printed on the certificate, for example
verify-lookup-lead-end = Capitals, spaces and dashes do not matter.
verify-button = Verify
verify-no-number = Looking for someone without their number?
verify-search-registry = Search the registry by name
verify-unknown = No endorsement has the number { $number }.
verify-unknown-check = No endorsement has the number { $number }: check it against the certificate (a number looks like MASSAIMH-2026-000042-31, and its last two digits check the rest).
