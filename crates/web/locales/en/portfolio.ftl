# The portfolio's front page (templates/portfolio.html, handlers/portfolio.rs overview).
# Section names are shared with the section pages.

section-education = Education
section-trainings = Trainings
section-work = Work experience
section-rsc = Reflective supervision/consultation
section-references = References

portfolio-title = Your portfolio
portfolio-crumb-dashboard = Dashboard
portfolio-crumb = Portfolio
portfolio-lead = Add to it over months; the panel shows what counts for your category as you go.
portfolio-frozen = Your portfolio was submitted for { $category } and is read-only while the association reviews it. If your coordinator returns it for changes, you can edit it again; meanwhile you can still send them a message.
portfolio-frozen-on = Your portfolio was submitted for { $category } on { $date } and is read-only while the association reviews it. If your coordinator returns it for changes, you can edit it again; meanwhile you can still send them a message.
portfolio-imported = Imported.
portfolio-imported-not-taken = Some of the file was not taken, because someone else must vouch for it:
portfolio-entries = { $count ->
    [0] Nothing entered yet
    [one] { $count } entry
   *[other] { $count } entries
}
portfolio-agreements = Agreements
portfolio-code-of-ethics = Code of Ethics
portfolio-endorsement-agreement = { -endorsement } Agreement
portfolio-not-signed = not signed
portfolio-signed-on = signed { $date }
portfolio-membership = Membership
portfolio-no-membership = No membership recorded yet. Your association records it when you join or renew; your coordinator confirms it with your registration.
portfolio-member-of-other = Member of { $other } (no. { $number }), { $ended ->
    [yes] ended
   *[no] runs until
} { $date }: your proof was checked by { $association }.
portfolio-member = { $association } member no. { $number } ({ $kind }), { $ended ->
    [yes] ended
   *[no] runs until
} { $date }. Recorded by the association.
portfolio-request-proof = You sent proof of your membership of { $other } on { $date }; a coordinator checks it and records it.
portfolio-request-join = You asked to join or renew ({ $kind }) on { $date }; your coordinator records it once the dues are in.
portfolio-request-dues-paid = Dues of ${ $amount } recorded paid on { $date }.
portfolio-request-dues-unpaid = Dues: ${ $amount }, not paid yet.
portfolio-renew = Renew your membership
portfolio-join = Join the association
portfolio-join-association = Association
portfolio-join-kind = Membership type
portfolio-join-button = Ask to join or renew
membership-kind-individual = Individual
membership-kind-student = Student
membership-kind-family-or-retired = Family or retired
membership-kind-organizational = Through an organization
membership-kind-other-imh-association = Another infant mental health association
portfolio-elsewhere = I am a member of another infant mental health association
portfolio-elsewhere-help = { $count ->
    [one] { $associations } accepts
   *[other] { $associations } accept
} membership in another infant mental health association. Send a proof (a membership card or receipt, as PDF, PNG or JPEG); a coordinator checks it and records it.
portfolio-elsewhere-applying = Association you apply to
portfolio-elsewhere-name = Association you are a member of
portfolio-elsewhere-number = Your member number there
portfolio-elsewhere-until = Membership valid until
portfolio-elsewhere-proof = Proof
portfolio-elsewhere-proof-help = A PDF, PNG or JPEG of up to { $megabytes } MB (a membership card or a receipt).
portfolio-elsewhere-button = Send for verification
portfolio-coverage = See your competency coverage and which category fits
portfolio-move = Move your portfolio in or out
portfolio-download = Download as lattice-portfolio/1 (JSON)
portfolio-summary = Printable summary
portfolio-import-refused = The file was not imported; your portfolio is unchanged.
portfolio-import-fix = Fix these and try again:
portfolio-import-label = Replace my portfolio with a lattice-portfolio/1 file
portfolio-import-help = Everything in the file replaces what is here now. Nothing changes if the file has a problem.
portfolio-import-not-taken = Ratings, membership and signatures are not taken from a file: raters send ratings through their links, your association records membership, and you sign the agreements here.
portfolio-import-button = Import
