//! Loads and evaluates a repository and prints what was found: a development aid.
fn main() {
    let path = std::env::args().nth(1).expect("usage: load <dir>");
    let t = std::time::Instant::now();
    let project = driftless_hcl::Project::load(
        std::path::Path::new(&path),
        &driftless_hcl::LoadOptions::default(),
    );
    let eval = driftless_hcl::evaluate(&project);
    let mut errors = project.errors.clone();
    errors.extend(eval.errors.iter().cloned());
    for e in errors.iter().filter(|e| e.is_error()) {
        println!("error: {e}");
    }
    println!(
        "roots {} files {} resources {} skipped {} errors {} in {:?}",
        project.roots.len(),
        project.files().len(),
        eval.resources.len(),
        errors.iter().filter(|e| !e.is_error()).count(),
        errors.iter().filter(|e| e.is_error()).count(),
        t.elapsed()
    );
}
