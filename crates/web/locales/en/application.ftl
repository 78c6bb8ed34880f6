# One application's page (templates/application.html, _thread.html; handlers/workflow.rs):
# its state, steps, fees, planned submission, messages, withdrawal and submission. The
# requirement panel, the history's entries and the coordinator's record-keeping forms (a
# paper rating, a membership) are still English (marked lang="en" on the page).

app-crumb-dashboard = Dashboard
app-crumb = Application { $id }
app-reinstatement = Reinstatement of a lapsed endorsement
app-review = Review
app-exam = Exam
app-email = Email
app-intended-submission = Intended submission
app-reviewers = Reviewers
app-reviewers-none = none assigned
# The applicant sees how many, never who.
app-reviewers-count = { $count } assigned (reviewers are not named to applicants)
app-requirements = Requirements
app-next-steps = Next steps
app-nothing-to-do = Nothing for you to do here right now.
app-fees = Fees
app-fee = { $kind ->
    [registration] Registration fee, ${ $amount }
   *[processing] Processing fee, ${ $amount }
}
app-paid = Paid { $date }
app-mark-paid = Mark paid
app-not-paid = Not paid yet
app-membership = Membership
app-membership-recorded = Recorded
app-membership-not-recorded = Not recorded
app-membership-none-you = The association has no membership on record for you.
app-membership-none-applicant = The association has no membership on record for the applicant.
app-membership-line = { $association } member no. { $number } ({ $kind }), { $start } to { $end }
app-membership-request = Asked to join or renew as { $kind } on { $date }.
app-submit-blocked = Submitting opens when every requirement is met. Still needed:
app-go-to-portfolio = Go to your portfolio
app-resubmission-opens = Resubmission opens on
app-note = Note (kept in the record)
app-note-coordinator = Note (kept in the record and sent to the applicant)

# The buttons of the events the page may offer, by the event's name (Event::name).
event-register = Send registration to the association
event-confirm = Confirm membership and fee
event-submit = Submit portfolio for review
event-start-review = Portfolio complete: start review
event-return-incomplete = Return as incomplete
event-approve-for-exam = Approve for the exam
event-record-exam-passed = Record exam passed
event-record-exam-failed = Record exam not passed
event-retake-exam = Sit the exam again
event-endorse = Endorse
event-require-more-work = More work required
event-withdraw = Withdraw application

# The box ticked before a step that cannot be undone (forms::confirmation_of), by event.
confirm-submit = I have checked my portfolio: once submitted, it cannot be changed until the association hands it back.
confirm-withdraw = I want to withdraw this application. This cannot be undone.
confirm-decision = I have decided: the applicant is told at once, and this cannot be undone.

# What comes next (workflow::next_hint), for the applicant.
next-draft = Next: send your registration to the association.
next-registered = Next: the association confirms your membership and registration fee; meanwhile, build your portfolio.
next-building = Next: complete your portfolio and submit it when every requirement is met.
next-in-review = Next: reviewers read your portfolio; you are mailed when the association decides.
next-exam = Next: the exam. The association schedules your sitting and mails you its details.
next-reinstating = This is a reinstatement: only ratings completed on or after { $date } count, and you need experience since then.
next-open-portfolio = Open your portfolio
next-your-exam = Your exam page
# … and for the coordinator.
next-coordinator-registered = Next: record the applicant's membership and registration fee, then confirm.
next-coordinator-submitted = Next: check that the portfolio is complete, then start review.
next-coordinator-check = Check completeness
next-coordinator-assign = Next: assign two reviewers.
next-coordinator-assign-link = Assign reviewers
next-coordinator-decide = Next: decide on the review page once both reviews are in.
next-coordinator-open-review = Open the review
next-coordinator-exam = Next: schedule the exam sitting and record its results.
next-coordinator-exam-link = Open the exam page
next-coordinator-endorse = Next: endorse the applicant.

app-conflicts = People who should not review your portfolio
app-conflicts-help = Name anyone who could not judge your work fairly: your supervisor, a colleague, a friend. The association will not assign them.
app-conflicts-remove = Remove
app-conflicts-closed = Review has started, so this list can no longer change. If something changed, send your coordinator a message from any
app-conflicts-closed-link = portfolio section
app-conflicts-person = Name or email
app-conflicts-why = How you know them
app-conflicts-add = Add
app-history = History

# The messages between the applicant and the association (templates/_thread.html).
thread-with-association = Messages with your association
thread-with-applicant = Messages with the applicant
thread-none = No messages yet.
thread-this-is = This is
thread-kind-comment = A comment
thread-kind-help-process = A question about the rules or the process
thread-kind-help-technical = Help: something here does not work
thread-to-coordinator = Message to your coordinator
thread-answer = Answer (emailed to the applicant)
thread-send = Send
thread-send-answer = Send the answer
thread-from-coordinator = { $name }, coordinator
thread-chip-comment = Comment
thread-chip-help-process = Help: process
thread-chip-help-technical = Help: technical
thread-chip-answer = Answer

# Registering for a category (templates/register.html, handlers/register.rs). The side
# panel's requirement lines are still English (marked lang="en").
register-fees-ask = Fees: ask the association
register-crumb = Register
register-title = Register for a category
register-association = Association
register-show-categories = Show its categories
register-category = Category at { $association }
register-choose = Choose…
register-intended = When do you plan to submit your portfolio?
register-intended-help = Choose { $earliest } or later: your coordinator needs { $weeks } weeks after you register to confirm your membership and fee before you submit. You can enter your portfolio the whole time.
register-button = Register
register-what-each-asks = What each category asks
# The form's mistakes; the page shows each beside its field.
register-error-category = choose a category
register-error-date = give the date you plan to submit, as YYYY-MM-DD
register-error-too-early = choose { $earliest } or later. Your coordinator needs { $weeks } weeks after registration to confirm it before you submit; you can keep entering your portfolio meanwhile.
register-error-not-offered = { $association } does not offer this category
register-error-already-open = you already have an open application for { $category } with { $association }; continue that one from your dashboard

# The agreements page (templates/agreements.html): its frame and buttons. The agreement texts
# are the association's own, shown as it wrote them.
agreements-title = Agreements
agreements-crumb-portfolio = Portfolio
agreements-heading-code_of_ethics = Code of Ethics
agreements-heading-endorsement_agreement = Endorsement Agreement
agreements-text-version = { $title }, version { $version }
agreements-not-signed = Not signed
agreements-signed = Signed { $date }
agreements-signed-version = Signed { $date }, version { $version }
agreements-outdated-other = You signed version { $signed } of another association's text; { $association }'s version { $current } is current. Sign it here.
agreements-outdated = You signed version { $signed }; version { $current } is current. Your signature still counts; read the new text and sign it here.
agreements-read-signed = Read the version you signed
agreements-type-name = Type your full name to sign version { $version } ({ $name })
agreements-sign = Sign
agreements-sign-version = Sign version { $version }
agreements-sign-again = Sign again today
agreements-error-signature = type your full name as it is on your account ({ $name })

# The sign-up form's mistakes (handlers/auth.rs sign_up); the page lists each under the
# field's name. The password's are shared with every form that sets one (auth.rs
# PasswordProblem), English there until those pages are translated.
sign-up-error-name = give your full name as it should appear on your certificate
sign-up-error-email = give an email address you read
sign-up-error-confirm = the two passwords differ
password-error-short = use at least { $min } characters
password-error-long = use at most 1024 bytes
password-error-own-name = too easy to guess (it contains your name or email); a few unrelated words make a strong one
password-error-weak = too easy to guess{ $hint }; a few unrelated words make a strong one, and it must not be built from your name or email

# The application's history (handlers/mod.rs `audit_lines`): when, then who did what. Each
# line is "Name: words", the words by the audit's action (`history-…`); an action without
# words here reads as its key, in English.
history-at = { $date } { $time } UTC
history-unknown-person = an unknown person
history-create = started an application for { $category }
history-create-plain = started an application
history-register = registered with the association
history-confirm = confirmed the membership and the fee
history-submit = submitted the portfolio for review
history-start-review = found the portfolio complete and started the review
history-return-incomplete = returned the portfolio as incomplete
history-approve-for-exam = approved the applicant for the exam
history-require-more-work = asked for more work
history-record-exam-passed = recorded the exam as passed
history-record-exam-failed = recorded the exam as not passed
history-retake-exam = asked to sit the exam again
history-endorse = endorsed the applicant
history-withdraw = withdrew the application
history-assign-reviewer = assigned a reviewer
history-unassign-reviewer = took a reviewer off
history-submit-review = sent a review
history-mark-paid = marked a fee paid
history-record-membership = recorded the membership
history-record-paper-rating = recorded a paper rating
history-declare-conflict = declared a conflict of interest
history-withdraw-conflict = withdrew a declared conflict of interest
history-accept-declared-conflict = accepted a declared conflict of interest
history-override-declared-conflict = set aside a declared conflict of interest
history-set-cycle = placed the application in a review cycle
history-set-rules-edition = chose the edition of the rules that applies
history-schedule-exam = scheduled the exam
history-reschedule-exam = moved the exam sitting
history-record-exam-part1 = recorded the exam's Part 1
history-reopen-exam-score = reopened a Part 2 score
history-request-exam-accommodation = asked for accommodations at the exam
history-grant-exam-accommodation = granted an exam accommodation request
history-decline-exam-accommodation = declined an exam accommodation request
history-verify-transcript = verified a transcript
history-ask-for-another-transcript = asked for another transcript
history-reinstatement = started the reinstatement of an endorsement
# The reasons Lattice itself writes into the history, said again in the page's language.
history-reason-intends = intends to submit on { $date }
history-reason-part1 = sitting on { $date }: { $wrong } wrong
history-reason-moved = sitting on { $from } moved to { $to }
history-reason-reopened = sitting on { $date }: scorer { $slot }'s Part 2 scores reopened: { $reason }
