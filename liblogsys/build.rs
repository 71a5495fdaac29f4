//! The printf-style entry points take C variable arguments, which stable
//! Rust cannot receive: a small C file formats them and hands the text to
//! the Rust side.
fn main() {
    println!("cargo:rerun-if-changed=src/varargs.c");
    cc::Build::new()
        .file("src/varargs.c")
        .flag_if_supported("-Wall")
        .flag_if_supported("-Wextra")
        .compile("clogsys_varargs");
}
