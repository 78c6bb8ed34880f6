//! The `lattice` binary as scripts use it: the check contract, golden reports, the blind
//! acceptance cases under tests/acceptance, and exit code 2 with the field named on bad input.

mod load_balancer;
mod mail;
mod operations;
mod passes;
mod readiness;
mod server;
mod uploads_s3;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lattice(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the lattice binary runs")
}

fn lattice_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the lattice binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("lattice finishes")
}

/// `lattice check - --association massaimh --category IFS` on a document given as text.
fn check_ifs_from_stdin(input: &str) -> Output {
    lattice_stdin(
        &[
            "check",
            "-",
            "--association",
            "massaimh",
            "--category",
            "IFS",
            "--as-of",
            "2026-01-01",
        ],
        input,
    )
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "lattice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// `lattice check examples/ana-ruiz.json --association massaimh --category IFS` on 2026-11-24.
fn check_ana(extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "examples/ana-ruiz.json",
        "--association",
        "massaimh",
        "--category",
        "IFS",
        "--as-of",
        "2026-11-24",
    ];
    args.extend_from_slice(extra);
    lattice(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn check_json_follows_the_contract() {
    let report = stdout_json(&check_ana(&["--format", "json"]));
    for key in [
        "association",
        "category",
        "profile",
        "as_of",
        "ready",
        "requirements",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    assert_eq!(report["association"], "massaimh");
    assert_eq!(report["category"], "IFS");
    assert_eq!(report["as_of"], "2026-11-24");
    assert_eq!(report["profile"], "massaimh@2025-01-01");
    let ids: Vec<&str> = report["requirements"]
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "education",
            "training",
            "work",
            "rsc",
            "references",
            "agreements",
            "membership",
            "exam"
        ]
    );
    for r in report["requirements"].as_array().expect("array") {
        assert!(
            ["met", "unmet", "pending", "not-applicable"]
                .contains(&r["status"].as_str().expect("status"))
        );
        assert!(["hours", "years", "count"].contains(&r["unit"].as_str().expect("unit")));
        assert!(r["counted"].is_number() && r["needed"].is_number());
        assert!(r["detail"].is_string());
        for e in r["excluded"].as_array().expect("excluded") {
            assert!(e["item"].is_string() && e["reason"].is_string());
        }
    }
}

#[test]
fn text_report_explains_exclusions() {
    let out = check_ana(&[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Ready to submit: not yet"), "{text}");
    assert!(text.contains("another conference, \"ZERO TO THREE LEARN 2024\": listed but not counted toward the 30-hour minimum"), "{text}");
    assert!(text.contains("focused on adolescents"), "{text}");
}

/// `--format text` says where each rule comes from (issue #18 item 7): the public document by
/// association and title with its address, or the association's setting where Lattice
/// assumes what no document states; never an internal note.
#[test]
fn text_reports_cite_each_rule() {
    let check = String::from_utf8_lossy(&check_ana(&[]).stdout).into_owned();
    assert!(
        check.contains(
            "[met    ] Membership                           1 of 1\n          Active until 2027-01-31.\n          Source: MassAIMH, Endorsement FAQ (what is required for the application)\n"
        ),
        "{check}"
    );
    assert!(
        check.contains("          Source: MI-AIMH, Requirements for Level II <https://mi-aimh.org/endorsement/requirements-for-level-ii>\n"),
        "{check}"
    );
    // Category II has no exam: nothing to cite.
    assert!(
        check.contains("          No exam for this category.\n\nAdvice:"),
        "{check}"
    );
    let imhs = lattice(&[
        "check",
        "examples/grace-okafor.json",
        "--association",
        "massaimh",
        "--category",
        "IMHS",
        "--as-of",
        "2026-11-24",
    ]);
    let imhs = String::from_utf8_lossy(&imhs.stdout).into_owned();
    assert!(
        imhs.contains(
            "Lattice reads the 33 hours as 30 plus 3 about diversity, equity and inclusion, as for the Mentor categories. This is MassAIMH's setting in Lattice; the association can change it.\n"
        ),
        "{imhs}"
    );
    assert!(
        imhs.contains("  - From 2025 there is no Category III exam; the work requirement is supervised, paid parent-infant psychotherapy.\n    Source: CT-AIMH, Updates for the Endorsement Requirements: I/EC Mental Health Specialist <https://ct-aimh.org/updates-for-the-endorsement-requirements-i-ec-mental-health-specialist>\n"),
        "{imhs}"
    );
    let renewal = lattice(&[
        "renewal",
        "examples/grace-okafor.json",
        "--association",
        "nmaimh",
        "--year",
        "2026",
        "--as-of",
        "2026-11-24",
    ]);
    let renewal = String::from_utf8_lossy(&renewal.stdout).into_owned();
    assert!(
        renewal.contains(
            "Deadline source: NMAIMH, Endorsement Renewal <https://nmaimh.org/endorsement-renewal>\n"
        ),
        "{renewal}"
    );
    for text in [&check, &imhs, &renewal] {
        for internal in ["seed", "DOMAIN.md"] {
            assert!(!text.contains(internal), "{internal} in {text}");
        }
    }
}

/// `--format text` reads as prose (issue #18 item 8): items by what the applicant calls them,
/// raters by their role to the applicant, the rules by association and date, and no field
/// paths, profile ids or "as-of date". The JSON keeps the ids (the golden reports pin them).
#[test]
fn text_reports_speak_the_applicants_language() {
    let check = String::from_utf8_lossy(&check_ana(&[]).stdout).into_owned();
    assert!(
        check.contains("Checked on 2026-11-24 against MassAIMH's rules in force from 2025-01-01\n"),
        "{check}"
    );
    assert!(
        check.contains("not counted: the training 'Supporting Teens in Crisis' (2025-03-15) — focused on adolescents"),
        "{check}"
    );
    assert!(
        check.contains("not counted: the rating from Tomás Reyes, your colleague — requested; the rater has not completed it yet"),
        "{check}"
    );
    let early = lattice(&[
        "check",
        "examples/grace-okafor.json",
        "--association",
        "nmaimh",
        "--category",
        "IMHS",
        "--as-of",
        "2024-06-01",
    ]);
    let early = String::from_utf8_lossy(&early.stdout).into_owned();
    assert!(
        early.contains("not counted: the training 'Culture and Caregiving' (2026-10-15) — dated 2026-10-15, after 2024-06-01"),
        "{early}"
    );
    let paths = lattice(&[
        "paths",
        "examples/ana-ruiz.json",
        "--association",
        "massaimh",
        "--as-of",
        "2026-11-24",
    ]);
    let paths = String::from_utf8_lossy(&paths.stdout).into_owned();
    assert!(
        paths.contains("Checked against MassAIMH's rules in force from 2025-01-01\n"),
        "{paths}"
    );
    // The distance, in words: Category III lacks a master's (or licence), two years of
    // psychotherapy work, 12 h of RS/C (38 of 50) and a rating.
    assert!(
        paths.contains("to go: a degree first, 24 months, 12 h, 1 step"),
        "{paths}"
    );
    for text in [&check, &early, &paths] {
        for internal in [
            "trainings[",
            "references[",
            "rsc[",
            "work[",
            "education[",
            "@20",
            "as-of",
            "program-supervisor",
        ] {
            assert!(!text.contains(internal), "{internal} in {text}");
        }
    }
}

#[test]
fn golden_reports_match() {
    let dir = root().join("tests/golden");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST")).expect("manifest");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    let mut cases = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (name, command) = line.split_once('|').expect("name | command");
        let args: Vec<&str> = command.split_whitespace().collect();
        let actual = stdout_json(&lattice(&args));
        let path = dir.join(format!("{}.json", name.trim()));
        if update {
            std::fs::write(
                &path,
                serde_json::to_string_pretty(&actual).expect("json") + "\n",
            )
            .expect("write golden");
        }
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("golden file"))
                .expect("golden json");
        if expected != actual {
            mismatches.push(name.trim().to_string());
        }
        cases += 1;
    }
    assert!(cases >= 5, "only {cases} golden cases");
    assert!(
        mismatches.is_empty(),
        "golden reports differ: {mismatches:?} (UPDATE_GOLDEN=1 rewrites them; read the diff)"
    );
}

/// Worked cases under tests/acceptance: complete portfolios with each requirement's outcome
/// worked out by hand from DOMAIN.md, run through the binary as a script would. Files named
/// `b_*` and `c_*` were written blind, from DOMAIN.md and DESIGN.md alone, without the
/// engine's code.
#[test]
fn acceptance_cases() {
    let dir = root().join("tests/acceptance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/acceptance")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "only {} acceptance cases", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(file).expect("case")).expect("case json");
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let portfolio = serde_json::to_string(&case["portfolio"]).expect("portfolio");
        let out = lattice_stdin(
            &[
                "check",
                "-",
                "--association",
                case["association"].as_str().expect("association"),
                "--category",
                case["category"].as_str().expect("category"),
                "--as-of",
                case["as_of"].as_str().expect("as_of"),
                "--format",
                "json",
            ],
            &portfolio,
        );
        if !out.status.success() {
            failures.push(format!("{name}: lattice failed: {}", stderr(&out)));
            continue;
        }
        let report: Value = serde_json::from_slice(&out.stdout).expect("report json");
        let expect = &case["expect"];
        if report["ready"] != expect["ready"] {
            failures.push(format!(
                "{name}: ready {} (expected {})",
                report["ready"], expect["ready"]
            ));
        }
        let by_id = |id: &str| {
            report["requirements"]
                .as_array()
                .expect("array")
                .iter()
                .find(|r| r["id"] == id)
                .cloned()
        };
        for (id, status) in expect["requirements"].as_object().expect("requirements") {
            let actual = by_id(id)
                .map(|r| r["status"].clone())
                .unwrap_or(Value::Null);
            if &actual != status {
                let detail = by_id(id)
                    .map(|r| r["detail"].clone())
                    .unwrap_or(Value::Null);
                failures.push(format!(
                    "{name}: {id} is {actual} (expected {status}): {detail}"
                ));
            }
        }
        if let Some(counted) = expect.get("counted").and_then(Value::as_object) {
            for (id, number) in counted {
                let actual = by_id(id)
                    .map(|r| r["counted"].clone())
                    .unwrap_or(Value::Null);
                if actual.as_f64() != number.as_f64() {
                    failures.push(format!("{name}: {id} counted {actual} (expected {number})"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} acceptance mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn bad_json_exits_2_naming_the_field() {
    let cases = [
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"trainings":[{"title":"t","date":"2024-01-01","hours":-2,"kind":"workshop","competencies":["cultural-competence"]}]}"#,
            "trainings[0].hours: must be > 0",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"trainings":[{"title":"t","date":"2024-01-01","hours":"six","kind":"workshop"}]}"#,
            "trainings[0].hours",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"trainings":[{"title":"t","date":"2024-02-30","hours":2,"kind":"workshop"}]}"#,
            "trainings[0].date: expected a calendar date as YYYY-MM-DD",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"trainings":[{"title":"t","date":"2024-02-03","hours":30,"kind":"workshop","competencies":["cultural-competence"]}]}"#,
            "trainings[0].hours: 30 h is more than one day holds",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"trainings":[{"title":"t","date":"2024-02-03","hours":2,"kind":"seminar"}]}"#,
            "trainings[0].kind: unknown variant `seminar`",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"trainings":[{"title":"t","date":"2024-02-03","hours":2,"kind":"workshop","competencies":["attachment"]}]}"#,
            "trainings[0].competencies[0]: unknown competency area \"attachment\"",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"rsc":[{"provider":{"name":"P","endorsement":"IMHX"},"format":"group","start":"2024-01-01","end":"2024-06-01","hours":5}]}"#,
            "rsc[0].provider.endorsement: unknown category \"IMHX\"",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"work":[{"employer":"E","start":"2024-01-01","end":"2023-01-01"}]}"#,
            "work[0].end: must not be before start",
        ),
        (
            r#"{"format":"lattice-portfolio/2","person":{"name":"A"}}"#,
            "format: expected \"lattice-portfolio/1\"",
        ),
        (
            r#"{"format":"lattice-portfolio/1","person":{"name":"A"},"trainings":[{"title":"t""#,
            "the document ends too early",
        ),
        (r#"[]"#, "a portfolio is a JSON object"),
        (
            r#"{"format":"lattice-portfolio/1"}"#,
            "missing field `person`",
        ),
    ];
    for (input, expected) in cases {
        let out = check_ifs_from_stdin(input);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(
            stderr(&out).contains(expected),
            "for {input}\nexpected {expected:?} in:\n{}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "no report on bad input");
    }
}

#[test]
fn every_problem_is_listed_at_once() {
    let input = r#"{"format":"lattice-portfolio/1","person":{"name":" "},"trainings":[
        {"title":"a","date":"2024-01-01","hours":0,"kind":"workshop"},
        {"title":"b","date":"2024-01-01","hours":0.33,"kind":"workshop"}]}"#;
    let out = check_ifs_from_stdin(input);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("person.name: must not be empty"), "{err}");
    assert!(err.contains("trainings[0].hours: must be > 0"), "{err}");
    assert!(
        err.contains("trainings[1].hours: must be a whole number of minutes"),
        "{err}"
    );
}

#[test]
fn bad_arguments_exit_2() {
    let base = ["check", "examples/ana-ruiz.json", "--association"];
    let cases: [(&[&str], &str); 5] = [
        (&["massaimh", "--category", "IMHX"], "unknown category"),
        (
            &["zz-aimh", "--category", "IFS"],
            "unknown association \"zz-aimh\"",
        ),
        (
            &["massaimh", "--category", "IFS", "--as-of", "2026-13-01"],
            "expected a calendar date",
        ),
        (
            &["massaimh", "--category", "IFS", "--as-of", "2001-01-01"],
            "no requirement profile in force on 2001-01-01",
        ),
        (
            &["massaimh", "--category", "IFS", "--format", "xml"],
            "invalid value 'xml'",
        ),
    ];
    for (rest, expected) in cases {
        let args: Vec<&str> = base.iter().chain(rest.iter()).copied().collect();
        let out = lattice(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let missing = lattice(&[
        "check",
        "no/such/file.json",
        "--association",
        "massaimh",
        "--category",
        "IFS",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no/such/file.json"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn renewal_needs_an_endorsement() {
    let out = lattice(&[
        "renewal",
        "examples/ana-ruiz.json",
        "--association",
        "massaimh",
        "--year",
        "2026",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("endorsements:"), "{}", stderr(&out));
}

#[test]
fn profiles_can_come_from_a_folder() {
    let out = check_ana(&["--profiles", "profiles", "--format", "json"]);
    assert_eq!(stdout_json(&out)["profile"], "massaimh@2025-01-01");
    let empty = std::env::temp_dir().join(format!("lattice-no-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("temp dir");
    let out = check_ana(&["--profiles", empty.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown association"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&empty).expect("clean up");
}

#[test]
fn listing_commands_work() {
    let out = lattice(&["competencies"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("attachment-separation-trauma-grief-loss")
    );
    let out = lattice(&["profiles"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for id in [
        "massaimh@2025-01-01",
        "ct-aimh@2024-01-01",
        "nmaimh",
        "ak-aimh",
        "mi-aimh@2018-01-01",
    ] {
        assert!(text.contains(id), "{id} in {text}");
    }
}
