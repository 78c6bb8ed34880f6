//! The two CSV uploads: an applicant's trainings and a coordinator's reviewer assignments.
//! Both answer any text with rows or with problems that name their line, never a panic.
//! Uploads reach them as UTF-8 text (other bytes are refused before), so the input is too.
#![no_main]

use lattice_store::Section;
use lattice_web::forms;
use lattice_web::fuzzing::{parse_assignment_csv, read_trainings_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match read_trainings_csv(text) {
        // What is imported is stored as is: every entry must be one the form would accept.
        Ok(trainings) => {
            assert!(!trainings.is_empty(), "an import with nothing in it");
            for training in &trainings {
                let problems = forms::validate(Section::Trainings, training);
                assert!(problems.is_empty(), "imported {training}: {problems:?}");
            }
        }
        // Nothing is stored then, so the person must be told why.
        Err(errors) => assert!(!errors.is_empty(), "refused without a reason"),
    }
    match parse_assignment_csv(text) {
        Ok((lines, _)) => {
            // Rows come after the header, in file order: problems are reported by line.
            let mut previous = 1;
            for line in &lines {
                assert!(line.line > previous, "line numbers out of order: {lines:?}");
                previous = line.line;
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "refused without a reason"),
    }
});
