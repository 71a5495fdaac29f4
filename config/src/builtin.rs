//! The configuration used when there is none at all: one node alone on the
//! loopback interface, so that `corosync -f` on a fresh machine comes up and
//! clients can be tried against it.

/// The file name errors and origins use for the built-in text.
pub const BUILTIN_DEFAULT_NAME: &str = "<built-in default configuration>";

/// The built-in default: totem version 2 without authentication, unicast
/// UDP to ourselves on 127.0.0.1 port 5405, logging to stderr with
/// timestamps.
pub const BUILTIN_DEFAULT_CONFIG: &str = "\
# Built-in default: a one-node cluster on the loopback interface.
totem {
\tversion: 2
\tsecauth: off
\ttransport: udpu
\tinterface {
\t\tringnumber: 0
\t\tbindnetaddr: 127.0.0.1
\t\tmcastport: 5405
\t\tmember {
\t\t\tmemberaddr: 127.0.0.1
\t\t}
\t}
}

logging {
\tto_stderr: yes
\ttimestamp: on
}
";
