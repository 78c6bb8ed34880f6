# The applicant's exam page (templates/exam_applicant.html, handlers/exam.rs `applicant_page`):
# where the exam stands, its rules, the sittings and the accommodations. The stage's chip and
# sentence are requirements.ftl's exam-stage-… and exam-said-…; the application's state is
# dashboard.ftl's state-….

exam-title = Your exam: { $category }
exam-crumb-dashboard = Dashboard
exam-crumb-application = Your application
exam-crumb = Exam
exam-heading = Your { $category } exam
# Before reviewers approve the applicant to sit the exam.
exam-stage-not-yet = Not yet
exam-said-not-yet = The exam follows the review: once both reviewers approve you to sit it, it is scheduled here.
exam-approval-until = Your approval to sit the exam is valid until { $date }.
# The association's exam rules, from its profile.
exam-rules = Part 1: { $questions } questions in { $minutes } minutes, passing with at most { $wrong } wrong. Part 2: { $vignettes } vignettes, { $answered } answered in { $part2_minutes } minutes, each answer scored 0–4 by two scorers who do not see the examinee's name. Approval to sit lasts { $approval_months } months; a failed exam can be sat again after { $retake_months } months.

exam-sittings = Your sittings
exam-no-sitting = No sitting is scheduled yet. You will get an email when one is.
# A sitting's heading: its date, then its start time when one is set.
exam-sitting-at = { $date } at { $time }
exam-sitting-date = Date
exam-sitting-starts = Start time
exam-sitting-place = Place
exam-sitting-online = Online
exam-sitting-instructions = Instructions
exam-sitting-bring = What to bring
exam-result-passed = Passed
exam-result-failed = Not passed
exam-result-awaiting = Awaiting results
exam-result-scheduled = Scheduled
exam-letter-sent = Your results letter was sent by email; it gives each part's result and its reason.

exam-accommodations = Accommodations
exam-accommodations-lead = If you need accommodations at the exam (for example extra time, a reader, a separate room or breaks), ask here. Your coordinator decides and you are told by email.
exam-accommodations-none = You have not asked for any.
exam-asked-on = Asked on { $date }:
exam-decision-granted = Granted
exam-decision-declined = Declined
exam-decision-pending = Waiting for the coordinator's decision
exam-coordinator-note = Note from your coordinator: { $note }
exam-request-label = What do you need at the exam?
exam-request-button = Ask for accommodations
exam-request-closed = Accommodations are asked for once you are approved to sit the exam and until its result.
exam-request-empty = Say what you need at the exam, e.g. extra time or a reader.
exam-request-long = Keep the request under { $most } characters.
