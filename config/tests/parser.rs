//! The corosync.conf grammar. The two golden files were loaded by the
//! original corosync 1.4.10 and dumped with corosync-objctl; the parser must
//! build the very same tree.

mod common;

use common::{data, objctl_dump};
use coroconfig::{ConfigErrorKind, parse_bytes, parse_str};
use objdb::{ObjectHandle, ValueType};

const ROOT: ObjectHandle = ObjectHandle::ROOT;

fn dump(text: &str) -> String {
    objctl_dump(&parse_str(text, "test.conf").unwrap())
}

#[test]
fn quirks_file_builds_the_same_tree_as_the_original() {
    let db = parse_bytes(&data("quirks.conf"), "quirks.conf").unwrap();
    let expected = String::from_utf8(data("quirks.objctl")).unwrap();
    assert_eq!(objctl_dump(&db), expected);
}

#[test]
fn edges_file_builds_the_same_tree_as_the_original() {
    // Long lines split at 511 bytes, NUL bytes, CR LF, tabs, one-letter
    // section names.
    let db = parse_bytes(&data("edges.conf"), "edges.conf").unwrap();
    let expected = String::from_utf8(data("edges.objctl")).unwrap();
    assert_eq!(objctl_dump(&db), expected);
}

#[test]
fn sections_nest_and_keys_are_strings_with_nul() {
    let db = parse_str(
        "totem {\n\tversion: 2\n\tinterface {\n\t\tringnumber: 0\n\t}\n}\n",
        "t",
    )
    .unwrap();
    let totem = db.lookup_path(&["totem"]).unwrap();
    let kv = db.object_key_get_typed(totem, b"version").unwrap();
    assert_eq!(kv.value, b"2\0");
    assert_eq!(kv.ty, ValueType::String);
    let iface = db.lookup_path(&["totem", "interface"]).unwrap();
    assert_eq!(db.key_get_str(iface, b"ringnumber"), Some(&b"0"[..]));
}

#[test]
fn keys_may_stand_outside_any_section() {
    assert_eq!(dump("compatibility: none\n"), "compatibility=none\n");
}

#[test]
fn repeated_key_keeps_last_value_and_first_position() {
    assert_eq!(
        dump("sec {\n aa: 1\n bb: 2\n aa: 3\n}\n"),
        "sec.aa=3\nsec.bb=2\n"
    );
}

#[test]
fn repeated_sections_are_separate_objects() {
    let db = parse_str("service {\n name: a\n}\nservice {\n name: b\n}\n", "t").unwrap();
    assert_eq!(db.object_find(ROOT, b"service").unwrap().len(), 2);
}

#[test]
fn comments_only_at_line_start() {
    assert_eq!(
        dump("# top\nsec {\n   # indented\n\t#tab\n val: a # b\n}\n"),
        "sec.val=a # b\n"
    );
}

#[test]
fn equals_and_quotes_have_no_meaning() {
    assert_eq!(
        dump("sec {\n aa = b\n qq: \"x y\"\n}\n"),
        "sec.qq=\"x y\"\n"
    );
}

#[test]
fn whitespace_around_names_and_values_is_trimmed() {
    assert_eq!(
        dump("  sec   {  \n\t key \t:\t value \t \n}\n"),
        "sec.key=value\n"
    );
}

#[test]
fn one_letter_names_keep_their_punctuation() {
    assert_eq!(dump("a {\n k: v\n}\n"), "a .k:=v\n");
    assert_eq!(dump("a{\n kk: v\n}\n"), "a.kk=v\n");
}

#[test]
fn text_after_an_opening_brace_is_ignored() {
    assert_eq!(dump("totem { version: 2\n}\n"), "totem {\n");
    // The last character is not a brace, so nothing is trimmed before it.
    assert_eq!(dump("sec {x: 1}\n}\n"), "sec \n");
}

#[test]
fn a_line_with_a_brace_is_a_section_even_after_a_colon() {
    assert_eq!(dump("name: {x\n}\n"), "name: \n");
}

#[test]
fn closing_brace_line_may_hold_other_text() {
    assert_eq!(
        dump("sec {\n aa: 1\n done } here\nbb: 2\n"),
        "bb=2\nsec.aa=1\n"
    );
}

#[test]
fn lines_without_colon_or_brace_are_ignored() {
    assert_eq!(dump("sec {\n just words\n}\n"), "sec\n");
}

#[test]
fn empty_key_name_and_empty_value() {
    assert_eq!(dump("sec {\n :v\n key:\n}\n"), "sec.=v\nsec.key=\n");
}

#[test]
fn crlf_line_ends_are_accepted() {
    assert_eq!(dump("sec {\r\n key: v\r\n}\r\n"), "sec.key=v\n");
}

#[test]
fn nul_byte_ends_the_line() {
    let db = parse_bytes(b"sec {\n key: ab\0cd\n jj\0: x\n}\n", "t").unwrap();
    assert_eq!(objctl_dump(&db), "sec.key=ab\n");
}

#[test]
fn line_longer_than_511_bytes_is_split() {
    let text = format!("sec {{\n#{}key: v\n}}\n", "x".repeat(510));
    assert_eq!(dump(&text), "sec.key=v\n");
    let text = format!("sec {{\n key: {}\n}}\n", "y".repeat(600));
    let db = parse_str(&text, "t").unwrap();
    let sec = db.lookup_path(&["sec"]).unwrap();
    // " key: " plus 505 bytes make the first 511.
    assert_eq!(db.key_get_str(sec, b"key").unwrap().len(), 505);
}

#[test]
fn missing_closing_brace_names_the_open_section_line() {
    let err = parse_str(
        "totem {\n\tversion: 2\n\tinterface {\n\t}\n",
        "/etc/corosync/corosync.conf",
    )
    .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Parse);
    assert_eq!(err.message(), "parser error: Missing closing brace");
    assert_eq!(err.origin().unwrap().line, 1);
    assert_eq!(
        err.to_string(),
        "parser error: Missing closing brace at /etc/corosync/corosync.conf:1"
    );
}

#[test]
fn extra_closing_brace_names_its_line() {
    let err = parse_str("totem {\n}\n\n}\n", "c.conf").unwrap_err();
    assert_eq!(err.message(), "parser error: Unexpected closing brace");
    assert_eq!(
        err.to_string(),
        "parser error: Unexpected closing brace at c.conf:4"
    );
}

#[test]
fn line_numbers_count_physical_lines() {
    let text = format!("#{}\nsec {{\n\r\n  key: v\n}}\n", "x".repeat(1200));
    let db = parse_str(&text, "f").unwrap();
    let sec = db.lookup_path(&["sec"]).unwrap();
    assert_eq!(db.object_origin(sec).unwrap().line, 2);
    assert_eq!(db.key_origin(sec, b"key").unwrap().to_string(), "f:4");
}

#[test]
fn empty_and_blank_files_parse_to_an_empty_tree() {
    for text in ["", "\n\n", "   \t\n", "# only a comment"] {
        let db = parse_str(text, "t").unwrap();
        assert_eq!(db.object_count(), 1);
    }
}

/// Deterministic pseudo-random bytes biased towards the grammar's
/// punctuation: the parser must return (Ok or Err) on every input.
#[test]
fn arbitrary_bytes_never_panic() {
    let alphabet = b"{}:#\n\r\t \0abz=\"\xff";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 700) as usize;
        let mut bytes = Vec::with_capacity(len);
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let _ = parse_bytes(&bytes, "fuzz");
    }
}

#[test]
fn very_deep_nesting_is_handled_without_recursion() {
    let depth = 100_000;
    let mut text = "a {\n".repeat(depth);
    text.push_str(&"}\n".repeat(depth));
    let db = parse_str(&text, "deep").unwrap();
    assert_eq!(db.object_count(), depth + 1);
    let err = parse_str(&"a {\n".repeat(depth), "deep").unwrap_err();
    assert_eq!(err.origin().unwrap().line, depth as u32);
}

#[test]
fn many_keys_in_one_section_parse_quickly() {
    let mut text = String::from("sec {\n");
    for i in 0..50_000 {
        text.push_str(&format!(" k{i}: {i}\n"));
    }
    text.push_str("}\n");
    let db = parse_str(&text, "big").unwrap();
    let sec = db.lookup_path(&["sec"]).unwrap();
    assert_eq!(db.object_key_count(sec).unwrap(), 50_000);
}
