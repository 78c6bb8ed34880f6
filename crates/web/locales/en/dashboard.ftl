# The dashboard (templates/dashboard.html): the applicant's and endorsee's parts, and the
# headings of the staff and reviewer parts. The requirement panel, states with a date,
# standings and the lines built in Rust are still English (marked lang="en" on the page).

dashboard-title = Dashboard
dashboard-welcome = Welcome, { $name }
dashboard-alliance-admin = Alliance admin
dashboard-failed-mail = Failed mail
dashboard-signing-keys = Signing keys

dashboard-your-endorsements = Your endorsements
dashboard-renewal = Renewal
dashboard-public-registry = Public registry
dashboard-endorsement-line = { $category } · { $association } · good through { $date }
dashboard-verification-page = Verification page
dashboard-certificate = Certificate (PDF)
dashboard-credential-places = Where to put your credential
dashboard-download-credential = Download the digital credential
dashboard-credential-formats = The same Open Badges 3.0 credential, signed by { $association }, in two file formats.
dashboard-credential-achievement = Both name the achievement and its badge.
dashboard-credential-json = Digital credential for wallets (JSON)
dashboard-credential-json-help = Use this one for a digital wallet such as the Learner Credential Wallet, or for any verifier of Verifiable Credentials with an embedded proof.
dashboard-credential-jwt = Digital credential for JOSE verifiers (VC-JWT)
dashboard-credential-jwt-help = Use this one when an employer's software asks for a JWT (a signed token). Either way, an employer can also check the credential on the verification page.
dashboard-linkedin = LinkedIn
dashboard-linkedin-add = Add to LinkedIn profile
dashboard-linkedin-new-tab = (opens LinkedIn in a new tab)
dashboard-linkedin-help = Opens LinkedIn's "Add license or certification" form filled in with the name, { $association }, the dates, the credential number and the verification page; you check it and save.
dashboard-wallet = Digital wallet
dashboard-wallet-help = Download the credential for wallets (JSON, above) and add the file in your wallet app. The verification page and the credential number work without a wallet.
dashboard-listing-city = City shown in the registry
dashboard-listing-region = State or region
dashboard-listing-save = Save
dashboard-listing-save-label = Save the registry listing
dashboard-transfer-requests = Transfer requests:
dashboard-moving = Moving to another state?
dashboard-moving-help = Ask the association of your new state to take this endorsement over. Its coordinator decides; the credential number and its history stay as they are.
dashboard-move-to = Move to
dashboard-choose-association = Choose an association
dashboard-transfer-why = Why (for the coordinator)
dashboard-transfer-ask = Ask for the transfer

dashboard-your-applications = Your applications
dashboard-work-on-portfolio = Work on your portfolio
dashboard-updated = { $association } · updated { $date }
dashboard-exam-link = Your exam: date, place and accommodations
dashboard-exam-where = Where the exam stands is under "Exam" below.
dashboard-all-met = { $total ->
    [one] The { $total } requirement due before submission is met.
   *[other] All { $total } requirements due before submission are met.
}
dashboard-still-needed = Still needed:
dashboard-coverage = Competency coverage
dashboard-summary = Printable summary

# Application states, by their stored key (lattice_domain::application::State::key).
state-draft = Draft
state-registered = Registered, awaiting confirmation
state-confirmed = Building portfolio
state-submitted = Submitted
state-under-review = Under review
state-approved-for-exam = Approved for exam
state-exam-passed = Exam passed
state-exam-failed = Exam not passed
state-more-work-required = More work required
state-more-work-required-from = More work required (resubmit from { $date })
state-endorsed = Endorsed
state-withdrawn = Withdrawn

dashboard-staff-areas = Associations you work for
dashboard-open = { $count } open
dashboard-no-applications = No applications yet.
dashboard-assigned = Assigned to you for review
dashboard-assigned-order = Newest application first, { $size } to a page.
dashboard-col-applicant = Applicant
dashboard-col-category = Category
dashboard-col-association = Association
dashboard-col-state = State
dashboard-first-assignments = Back to the first page
dashboard-next-assignments = Next { $size } assignments
dashboard-scoring = Exam answers to score
dashboard-reviewing = Reviewing for other associations

dashboard-moving-up = Moving up the lattice? Your portfolio carries over.
dashboard-register-another = Register for another category
dashboard-no-application = You have no application yet. Start by registering for a category; you can build your portfolio meanwhile.
dashboard-register = Register for a category
dashboard-start-portfolio = Start your portfolio
dashboard-two-step-what = Your account can ask for a code from an app as well as your password.
dashboard-two-step = Two-step sign-in

# Why no certificate or credential is offered (`Status::credential_withheld`), by status.
dashboard-withheld-revoked = This endorsement was revoked by the association: no certificate or digital credential is issued for it.
dashboard-withheld-lapsed = This endorsement has lapsed (not renewed): the certificate and digital credential are issued again once it is renewed or reinstated.
dashboard-withheld-inactive = This endorsement is inactive (suspended): the certificate and digital credential are issued again once it is active.
