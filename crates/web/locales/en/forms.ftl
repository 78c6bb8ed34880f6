# The portfolio's entry forms (src/forms.rs, templates/_fields.html): each field's label and
# help by section and field name (`field-trainings-hours`), each option by its list and value
# (`option-kind-workshop`), an entry's line in the section's list (`entry-…`), and the forms'
# own mistakes (`mistake-…`). The English is forms.rs's own (a unit test holds them equal);
# competency areas and domains are rating.ftl's `area-…` and `domain-…`.

# Education
field-education-level = Level
field-education-degree = Degree (e.g. MSW)
field-education-field = Field of study
field-education-institution = Institution
field-education-completed = Completed on
field-education-completed-help = Leave empty while still studying.
field-education-imh_certificate = Is or includes a university certificate program in infant or early childhood mental health
field-education-imh_certificate-help = A certificate documents competency areas; the training hours are still required.
field-education-competencies = Areas the certificate program documents
field-education-competencies-help = Only for a certificate program: the areas your association approved for it. A degree's areas are those of its courses, below.

# Trainings
field-trainings-title = Title
field-trainings-provider = Provider
field-trainings-date = Date
field-trainings-end_date = Last day
field-trainings-end_date-help = For a course or conference over several days.
field-trainings-hours = Hours
field-trainings-hours-help = Contact hours, e.g. 6.5.
field-trainings-kind = Kind
field-trainings-conference = Conference name
field-trainings-conference-help = Workshops of one conference share its name; only one conference counts toward the minimum.
field-trainings-competencies = Competency areas
field-trainings-competencies-help = A training counts only when it names at least one area.
field-trainings-population = Mainly about
field-trainings-topics = Also about

# Work
field-work-employer = Employer
field-work-role = Role
field-work-start = Started
field-work-end = Ended
field-work-end-help = Leave empty if you still work there.
field-work-hours_per_week = Hours a week
field-work-hours_per_week-help = Leave empty for full-time work. Part-time work counts in proportion to your association's full-time week: at half its hours, 2 years count as 1 year. Your progress names the week.
field-work-paid = Paid
field-work-supervised = Supervised
field-work-internship = Internship
field-work-families_served = Families served
field-work-ages = Ages served
field-work-with_child_and_parent = Works with the child and parent together
field-work-classroom = Classroom teaching
field-work-services = Services
field-work-provides_rsc = Provides reflective supervision/consultation
field-work-leadership = In a leadership role
field-work-supervises_others = Supervises other staff
field-work-supervises_others-help = A supervisee's rating counts only when a job says you supervise others.

# Rsc
field-rsc-provider-name = Provider's name
field-rsc-provider-endorsement = Provider's endorsement
field-rsc-provider-degree = Provider's degree
field-rsc-provider-receives_rsc = The provider receives RS/C
field-rsc-provider-meets_criteria = Not endorsed, but meets the criteria for Category III or IV
field-rsc-provider-meets_criteria-help = Counted on your word; reviewers confirm it.
field-rsc-provider-imh_specialist = The provider specializes in infant mental health
field-rsc-provider-imh_specialist-help = Some associations count RS/C from a provider who is not endorsed only when they specialize in infant mental health.
field-rsc-format = Format
field-rsc-start = From
field-rsc-end = To
field-rsc-hours = Hours
field-rsc-about_own_rsc = Of which about the RS/C you provide
field-rsc-about_own_rsc-help = Hours spent on your own practice as a provider (Mentor – Clinical).

# References
field-references-role = Rater's role
field-references-name = Rater's name
field-references-email = Rater's email
field-references-status = Status
field-references-not_enough_info = "Not enough information" answers
field-references-completed_on = Completed on

# Options
option-level-none = No degree
option-level-cda = CDA credential
option-level-associate = Associate's degree
option-level-bachelors = Bachelor's degree
option-level-masters = Master's degree
option-level-doctorate = Doctorate
option-kind-workshop = Workshop
option-kind-course = Course (several sessions)
option-kind-conference = Conference
option-kind-webinar = Webinar
option-kind-in-service = In-service training
option-kind-college-course = College course
option-population-not-stated = Not stated
option-population-prenatal = Prenatal
option-population-infant-toddler = Infants and toddlers
option-population-early-childhood = Early childhood (3–6)
option-population-school-age = School-age children
option-population-adolescent = Adolescents
option-population-adult = Adults
option-population-elderly = Elderly
option-topic-rsc = Providing reflective supervision/consultation
option-topic-dei = Diversity, equity and inclusion
option-age-prenatal = Prenatal
option-age-birth-36m = Birth to 36 months
option-age-3-6y = 3 to 6 years
option-service-home-visiting = Home visiting
option-service-early-intervention = Early intervention
option-service-parent-infant-psychotherapy = Parent-infant psychotherapy
option-service-policy = Policy
option-service-program-administration = Program administration
option-service-university-teaching = University teaching
option-service-research = Research
option-endorsement-none = Not endorsed
option-rsc-format-individual = Individual
option-rsc-format-group = Group
option-rsc-format-peer = Peer (does not count)
option-role-program-supervisor = Program supervisor
option-role-rsc-provider = RS/C provider
option-role-colleague = Colleague
option-role-supervisee = Supervisee
option-role-teacher = Teacher or trainer
option-role-parent = Parent
option-role-other = Other
option-reference-status-not-requested = Not requested yet
option-reference-status-requested = Requested
option-reference-status-completed = Completed
option-reference-status-declined = Declined

# The competency list's filter and the education form's course rows
fields-find-area = Find an area
fields-find-example = e.g. attachment, culture, reflection
course-title = Course { $number }: title
course-title-to-add = Course { $number }: title (to add one)
course-help = Courses document the competency areas they cover, as trainings do. Add one course at a time; Edit the entry to add another.
course-areas = Course { $number }: competency areas it covers

# An entry's line in the section's list
entry-degree = Degree
entry-courses = { $count ->
    [one] 1 course
   *[other] { $count } courses
}
entry-certificate-areas = { $count ->
    [one] certificate program: 1 area
   *[other] certificate program: { $count } areas
}
# $hours as stored ("6.5"); $count the same as a number, for languages that need its plural.
entry-hours = { $hours } h
entry-weekly = { $hours } h a week
entry-now = now
entry-format-individual = individual
entry-format-group = group
entry-format-peer = peer
entry-role-program-supervisor = program supervisor
entry-role-rsc-provider = rsc provider
entry-role-colleague = colleague
entry-role-supervisee = supervisee
entry-role-teacher = teacher
entry-role-parent = parent
entry-role-other = other
entry-reference-completed = rating received from the rater
entry-reference-requested = asked; waiting for the rater
entry-reference-declined = declined
entry-reference-not-asked = not asked yet

# The forms' mistakes, shown after the field's label ("Hours: enter a number, like 6.5")
mistake-required = required
mistake-number = enter a number, like 6.5
mistake-whole-number = enter a whole number, like 12
mistake-date = enter a date as YYYY-MM-DD
mistake-choose = choose one of: { $accepted }
mistake-too-long = keep it under 300 characters
mistake-future-completed = { $date } is after today ({ $today }); leave it empty until the degree is completed
mistake-future-training-date = { $date } is after today ({ $today }); add a planned training once it has taken place
mistake-future-training-end = { $date } is after today ({ $today }); add the training once its last day has passed
mistake-future-work-start = { $date } is after today ({ $today }); add the job once it has started
mistake-future-work-end = { $date } is after today ({ $today }); leave it empty while you still work there
mistake-future-rsc-start = { $date } is after today ({ $today }); add RS/C once it has started
mistake-future-rsc-end = { $date } is after today ({ $today }); record the hours received up to today

# The competency filter's status line, written by static/app.js (%n: how many; a page gives
# the script both forms).
fields-areas-shown = { $count ->
    [one] 1 area shown
   *[other] { $count } areas shown
}
