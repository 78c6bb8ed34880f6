# The competency coverage picture and the pathfinder (templates/coverage.html,
# handlers/insight.rs coverage), and the printable summary (templates/summary.html).
# An English page prints the engine's own English for the verdicts, sources and distances;
# the messages below say the same in other languages, from the same counts.

coverage-title = Competency coverage
coverage-crumb = Coverage
coverage-total = { $documented } of { $areas } areas documented
coverage-total-by = by counted training or coursework
coverage-total-gaps = { $count ->
    [one] { $count } area your category expects still needed
   *[other] { $count } areas your category expects still needed
}
coverage-lead = Each tile is a competency area. Only your trainings and courses document an area, and only those that count toward your training hours; the darker the tile, the more of them name it. A rating shows that a rater sees an area but does not document it, and work experience names no areas. Theoretical Foundations and Direct Service Skills areas must be documented by coursework or training.
coverage-lead-expected = marks an area your category expects that no counted training or course documents yet.
coverage-key = Key
coverage-key-none = not documented
coverage-key-rated = shown only by ratings
coverage-key-one = 1 training or course
coverage-key-many = 3 or more
coverage-key-gap = expected, still needed
coverage-domain-count = { $documented } of { $total } documented
coverage-no-sources = No training, course or rating names this area yet.
coverage-note = Theoretical Foundations and Direct Service Skills areas must be documented by coursework or training; ratings and work experience do not document them.

# The line under an area's name.
coverage-verdict-trainings = { $count ->
    [one] documented by 1 training or course
   *[other] documented by { $count } trainings or courses
}
coverage-verdict-parts = documented by { $parts }
coverage-part-courses = { $count ->
    [one] 1 course
   *[other] { $count } courses
}
coverage-part-programs = { $count ->
    [one] a certificate program
   *[other] { $count } certificate programs
}
coverage-part-trainings = { $count ->
    [one] 1 training
   *[other] { $count } trainings
}
coverage-list-and = { $first } and { $second }
coverage-verdict-rated = shown only by ratings; not documented by coursework or training
coverage-verdict-expected-none = expected; not yet documented by coursework or training
coverage-verdict-nothing = not documented yet
coverage-verdict-expected = { $verdict } · expected

# What stands behind an area.
coverage-source-training = Training: { $title }
coverage-source-not-counted = Listed, not counted: { $what } ({ $why })
coverage-source-rating = Rating by { $rater } (shows, does not document)
source-course = Course: { $title } ({ $entry })
source-certificate-program = Certificate program: { $entry }

# The pathfinder.
coverage-paths-heading = Which category fits your portfolio at { $association }
coverage-paths-lead = Categories you are ready for come first, the highest first. The others follow by how far you are from them: a degree or licence you do not hold counts most, then the months of work or reflective supervision still ahead, then the hours of training and supervision, then single steps such as a rating or a signature.
coverage-paths-category = Category
coverage-paths-now = Now
coverage-paths-needed = Still needed
coverage-paths-exam = exam after review
coverage-paths-current = your application
coverage-paths-best = best fit
coverage-paths-ready = Ready
coverage-paths-not-yet = Not yet
coverage-far-degree = a degree first
coverage-far-months = { $count ->
    [one] { $count } month
   *[other] { $count } months
}
coverage-far-hours = { $hours } h
coverage-far-steps = { $count ->
    [one] { $count } step
   *[other] { $count } steps
}

# The printable summary.
summary-title = Portfolio summary
summary-back = Back to the portfolio
summary-print-hint = Use your browser's Print command for paper or PDF.
summary-heading = Portfolio of { $name }
summary-printed = printed { $date }
summary-progress = Progress toward { $category } · { $title }
summary-none-entered = None entered.
summary-signed = { $date }, version { $version }
