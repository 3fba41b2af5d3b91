//! Rebuilds when a migration is added: `sqlx::migrate!` embeds the files of
//! `migrations/<backend>/`, and cargo does not watch a directory for new files by itself.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
