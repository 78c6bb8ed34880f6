# The portfolio's section pages (templates/section.html, _message.html, handlers/portfolio.rs
# section_page): everything around the entry form. The section names are portfolio.ftl's.

section-phone-ready = Ready to submit
section-phone-all-met = All requirements met
section-phone-met = { $met } of { $total } met
section-phone-still-needed = Still needed:
section-phone-see-progress = See your progress
section-entered = Entered so far
section-nothing = Nothing entered yet.
section-edit = Edit
section-delete = Delete
section-delete-confirm = Delete this entry for good? It cannot be brought back.
section-delete-yes = Yes, delete it
section-edit-entry = Edit this entry
section-add-entry = Add an entry
section-problems = { $count ->
    [one] Please fix the field marked below; what you typed is kept.
   *[other] Please fix the { $count } problems marked below; what you typed is kept.
}
section-save = Save changes
section-add = Add
section-cancel = Cancel
section-upload-size = { $kb } KB · { $date }
section-not-listed = (not one listed above)
section-upload-help = A PDF, PNG or JPEG of up to { $megabytes } MB. A larger scan: scan it again at a lower resolution, or save it as a smaller PDF.
section-upload = Upload
section-transcripts = Transcripts
section-transcript-for = For the degree
section-transcript = Transcript
section-certificates = Certificates of attendance
section-certificate-for = For the training
section-certificate = Certificate
section-csv-title = Import trainings from a spreadsheet
section-csv-refused = Nothing was imported.
section-csv-fix = Fix these rows and send the file again:
section-csv-start = Start from the
section-csv-template = CSV template
section-csv-help = . Separate several competency areas or topics with “;”. All rows are added, or none.
section-csv-file = CSV file
section-csv-button = Import trainings

section-raters = Ask for a rating
section-raters-help = A rating counts only when the rater sends it: they get an email with a link to the rating form and need no account. The link works once, for 30 days. Raters listed above without a request still need to be asked here.
section-rater-received = Rating received { $date }
section-rater-expired = The link expired; send it again
section-rater-waiting = Waiting; the link works until { $date }
section-resend = Send the link again
section-resend-to = { " " }to { $name }
section-cancel-request = Cancel, to ask someone else
section-cancel-instead = { " " }instead of { $name }
section-rater-name = Rater's name
section-rater-email = Rater's email
section-rater-role = Their role
section-rater-language = Language of the request and form
section-rater-language-help = The rater's email and rating form come in this language.
section-waive = I waive my right to read this rating
section-send-request = Send the request

section-done-added = Entry added; it is listed above the form.
section-done-saved = Changes saved.
section-done-deleted = Entry deleted.
section-done-imported = Trainings imported; they are listed above.
section-done-requested = Rating request sent: the rater has an email with their link.
section-done-resent = The rating link was sent again.
section-done-cancelled = Request cancelled: the link no longer works and the rater is removed.

section-imported-by = Imported by { $name } ({ $role }) from the association's records
section-importer-admin = Alliance administrator
section-importer-coordinator = coordinator
transcript-unchecked = Not checked against its transcript yet
transcript-verified = Verified against the official transcript by { $by } on { $on }
transcript-verified-note = Verified against the official transcript by { $by } on { $on } ({ $note })
transcript-another = Another transcript was asked for: { $note }

message-title = Questions or comments for your coordinator
message-sent = Sent to your coordinator
message-note = Answers come by email and stay in the messages on your application's page.
message-kind = This is
message-kind-comment = A comment on this section
message-kind-help-process = A question about the rules or the process
message-kind-help-technical = Help: something here does not work
message-body = Message
message-send = Send to the coordinator

# A file over the limit, said by static/app.js before it is sent (%s: its size in MB).
section-file-too-large = This file is %s MB, larger than { $max } MB, the largest accepted here; scan it at a lower resolution or save it as a smaller PDF.
