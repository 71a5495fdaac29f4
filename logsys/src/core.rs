//! The logging system: per-subsystem filters read lock-free by log calls, a
//! bounded queue, and a writer thread that formats and writes.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::SystemTime;

use crate::config::{DebugMode, LoggerSettings, LoggingConfig};
use crate::flight::{FlightRecorder, RecordFields, encode_ident};
use crate::format::{LineFields, clip_message, format_line, format_timestamp, short_file_name};
use crate::level::Level;
use crate::output::{Output, SystemOutput, strerror};
use crate::record::{Record, RecordKind, Site};
use crate::subsys::{MAX_SUBSYS_COUNT, MAX_SUBSYS_NAMELEN, PREDEFINED, Subsys};

/// Loggers: the subsystems plus the system logger in the last slot.
const LOGGERS: usize = MAX_SUBSYS_COUNT + 1;

/// How much queued text the original tolerates before it drops messages.
pub const DEFAULT_QUEUE_LIMIT_BYTES: usize = 512_000;

/// Longest log file name (`PATH_MAX`).
const PATH_MAX: usize = 4096;

/// A failure to set up logging, worded as the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogsysError {
    message: String,
}

impl LogsysError {
    fn new(message: impl Into<String>) -> LogsysError {
        LogsysError {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for LogsysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LogsysError {}

/// How to build a [`Logsys`].
pub struct LogsysOptions {
    /// The program name (`%p`, syslog identity, the system logger's name).
    pub system_name: String,
    /// Queued bytes beyond which messages are dropped and counted.
    pub queue_limit_bytes: usize,
    pub output: Box<dyn Output>,
    /// Size of the flight recorder in bytes (see [`crate::flight`]);
    /// `None` for none.
    pub flight_recorder_bytes: Option<usize>,
}

impl Default for LogsysOptions {
    fn default() -> Self {
        LogsysOptions {
            system_name: "corosync".to_string(),
            queue_limit_bytes: DEFAULT_QUEUE_LIMIT_BYTES,
            output: Box::new(SystemOutput::new()),
            flight_recorder_bytes: Some(crate::flight::DEFAULT_FLIGHT_RECORDER_BYTES),
        }
    }
}

#[derive(Clone)]
struct LoggerState {
    settings: LoggerSettings,
    file: Option<Arc<File>>,
    /// Set by the writer after a failed write; cleared by the next
    /// configuration.
    file_failed: bool,
    stderr_failed: bool,
}

/// What the writer needs, replaced as a whole when the configuration or the
/// set of subsystems changes.
#[derive(Clone)]
struct Effective {
    config: LoggingConfig,
    format: Vec<u8>,
    has_timestamp: bool,
    names: Vec<Option<String>>,
    loggers: Vec<LoggerState>,
    files: HashMap<PathBuf, Arc<File>>,
}

impl Effective {
    fn settings_for_index(&self, index: usize) -> LoggerSettings {
        match self.names.get(index) {
            Some(Some(name)) if index < MAX_SUBSYS_COUNT => self.config.settings_for(name).clone(),
            _ => self.config.system.clone(),
        }
    }

    fn rebuild_loggers(&mut self) {
        for index in 0..LOGGERS {
            let settings = self.settings_for_index(index);
            let file = settings
                .logfile
                .as_ref()
                .and_then(|p| self.files.get(p).cloned());
            self.loggers[index] = LoggerState {
                settings,
                file,
                file_failed: false,
                stderr_failed: false,
            };
        }
    }
}

fn format_has_timestamp(format: &[u8]) -> bool {
    let mut i = 0;
    while i < format.len() {
        if format[i] == b'%' {
            i += 1;
            while format.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if format.get(i) == Some(&b't') {
                return true;
            }
        }
        i += 1;
    }
    false
}

#[derive(Default)]
struct Queue {
    records: VecDeque<Record>,
    bytes: usize,
    dropped: u64,
    /// The writer holds records it took and has not finished writing.
    busy: bool,
    shutdown: bool,
}

struct Shared {
    system_name: String,
    queue_limit: usize,
    thresholds: [AtomicU8; LOGGERS],
    effective: RwLock<Arc<Effective>>,
    /// Serialises configuration changes.
    config_lock: Mutex<()>,
    queue: Mutex<Queue>,
    wake_writer: Condvar,
    drained: Condvar,
    stderr_attached: AtomicBool,
    dropped_total: AtomicU64,
    output: Mutex<Box<dyn Output>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    recorder: Option<FlightRecorder>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn effective(&self) -> Arc<Effective> {
        self.effective
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn install(&self, effective: Effective) {
        for (index, logger) in effective.loggers.iter().enumerate() {
            self.thresholds[index].store(
                logger.settings.queue_threshold().as_raw(),
                Ordering::Relaxed,
            );
        }
        *self
            .effective
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(effective);
    }

    fn enqueue(&self, record: Record) {
        let mut queue = lock(&self.queue);
        let cost = record.cost();
        if queue.bytes + cost > self.queue_limit {
            queue.dropped += 1;
            self.dropped_total.fetch_add(1, Ordering::Relaxed);
            return;
        }
        queue.bytes += cost;
        queue.records.push_back(record);
        drop(queue);
        self.wake_writer.notify_one();
    }

    /// Take everything queued, plus the count of messages dropped since the
    /// last take.
    fn take_batch(queue: &mut Queue) -> (Vec<Record>, u64) {
        queue.bytes = 0;
        let dropped = std::mem::take(&mut queue.dropped);
        (queue.records.drain(..).collect(), dropped)
    }

    fn write_batch(&self, batch: Vec<Record>, dropped: u64) {
        if dropped > 0 {
            self.write_record(&Record {
                site: Site {
                    subsys: Subsys::MAIN,
                    level: Level::Warning,
                    kind: RecordKind::Log,
                    file: file!(),
                    function: "logsys_worker_thread",
                    line: line!(),
                },
                time: SystemTime::now(),
                message: format!("{dropped} messages lost"),
            });
        }
        for record in &batch {
            self.write_record(record);
        }
    }

    /// Format one record and write it to the targets its logger's settings
    /// admit: syslog, then the log file, then stderr.
    fn write_record(&self, record: &Record) {
        let effective = self.effective();
        let index = record.site.subsys.index();
        let Some(logger) = effective.loggers.get(index) else {
            return;
        };
        let settings = &logger.settings;
        let printable = match record.site.kind {
            RecordKind::Log => true,
            RecordKind::Trace(1) => settings.debug == DebugMode::Trace,
            _ => false,
        };
        if !printable {
            return;
        }
        let level = record.site.level;
        let debug = settings.debug.is_on();
        let subsys_name = self.name_of(&effective, index);
        let timestamp = if effective.has_timestamp {
            format_timestamp(record.time)
        } else {
            String::new()
        };
        let fields = LineFields {
            subsys: &subsys_name,
            system: &self.system_name,
            function: record.site.function,
            file: short_file_name(record.site.file),
            line: record.site.line,
            timestamp: &timestamp,
            message: record.message.as_bytes(),
        };
        let (line, syslog_line) = format_line(&effective.format, &fields);

        if settings.to_syslog && (level <= settings.syslog_priority || debug) {
            let priority = i32::from(level.as_raw()) | settings.syslog_facility.as_raw();
            lock(&self.output).syslog(priority, &syslog_line);
        }

        if settings.to_logfile
            && !logger.file_failed
            && (level <= settings.logfile_priority || debug)
            && let Some(file) = &logger.file
            && (&**file).write_all(&line).is_err()
        {
            let path = settings
                .logfile
                .as_deref()
                .map(Path::display)
                .map(|d| d.to_string())
                .unwrap_or_default();
            self.mark_failed(index, |l| l.file_failed = true);
            self.emergency(
                record.site.subsys,
                format!("LOGSYS EMERGENCY: {subsys_name} Unable to write to {path}."),
            );
        }

        if settings.to_stderr
            && !logger.stderr_failed
            && self.stderr_attached.load(Ordering::Relaxed)
            && (level <= settings.logfile_priority || debug)
            && lock(&self.output).write_stderr(&line).is_err()
        {
            self.mark_failed(index, |l| l.stderr_failed = true);
            self.emergency(
                record.site.subsys,
                format!("LOGSYS EMERGENCY: {subsys_name} Unable to write to STDERR."),
            );
        }
    }

    fn name_of(&self, effective: &Effective, index: usize) -> String {
        if index == Subsys::SYSTEM.index() {
            return self.system_name.clone();
        }
        effective
            .names
            .get(index)
            .cloned()
            .flatten()
            .unwrap_or_default()
    }

    fn mark_failed(&self, index: usize, mark: impl FnOnce(&mut LoggerState)) {
        let _guard = lock(&self.config_lock);
        let mut effective = (*self.effective()).clone();
        if let Some(logger) = effective.loggers.get_mut(index) {
            mark(logger);
        }
        self.install(effective);
    }

    fn emergency(&self, subsys: Subsys, message: String) {
        self.write_record(&Record {
            site: Site {
                subsys,
                level: Level::Emerg,
                kind: RecordKind::Log,
                file: file!(),
                function: "log_printf_to_logs",
                line: line!(),
            },
            time: SystemTime::now(),
            message,
        });
    }

    fn writer_loop(&self) {
        loop {
            let (batch, dropped) = {
                let mut queue = lock(&self.queue);
                while queue.records.is_empty() && queue.dropped == 0 && !queue.shutdown {
                    queue = self
                        .wake_writer
                        .wait(queue)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if queue.records.is_empty() && queue.dropped == 0 && queue.shutdown {
                    break;
                }
                queue.busy = true;
                Shared::take_batch(&mut queue)
            };
            self.write_batch(batch, dropped);
            let mut queue = lock(&self.queue);
            queue.busy = false;
            drop(queue);
            self.drained.notify_all();
        }
        self.drained.notify_all();
    }
}

/// The logging system of one process. Log calls only check an atomic
/// threshold, format the message and queue it; a writer thread (started
/// with [`Logsys::start_writer`]) formats lines and writes them, so a slow
/// disk or terminal never holds up the caller. When the queue is full,
/// messages are dropped, counted, and reported as `N messages lost`.
pub struct Logsys {
    shared: Arc<Shared>,
}

impl fmt::Debug for Logsys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logsys")
            .field("system_name", &self.shared.system_name)
            .finish()
    }
}

impl Logsys {
    /// A logging system with the original's defaults: everything at info or
    /// above goes to stderr, nothing to files or syslog.
    pub fn new(options: LogsysOptions) -> Logsys {
        let config = LoggingConfig::default();
        let mut names: Vec<Option<String>> = vec![None; LOGGERS];
        for (index, name) in PREDEFINED.iter().enumerate() {
            names[index] = Some((*name).to_string());
        }
        names[Subsys::SYSTEM.index()] = Some(options.system_name.clone());
        let initial = LoggerState {
            settings: config.system.clone(),
            file: None,
            file_failed: false,
            stderr_failed: false,
        };
        let format = config.format.clone().into_bytes();
        let effective = Effective {
            has_timestamp: format_has_timestamp(&format),
            format,
            config,
            names,
            loggers: vec![initial; LOGGERS],
            files: HashMap::new(),
        };
        let mut output = options.output;
        output.syslog_open(
            &options.system_name,
            effective.config.system.syslog_facility,
        );
        let shared = Shared {
            system_name: options.system_name,
            queue_limit: options.queue_limit_bytes,
            thresholds: std::array::from_fn(|_| AtomicU8::new(Level::Info.as_raw())),
            effective: RwLock::new(Arc::new(effective.clone())),
            config_lock: Mutex::new(()),
            queue: Mutex::new(Queue::default()),
            wake_writer: Condvar::new(),
            drained: Condvar::new(),
            stderr_attached: AtomicBool::new(true),
            dropped_total: AtomicU64::new(0),
            output: Mutex::new(output),
            writer: Mutex::new(None),
            recorder: options.flight_recorder_bytes.map(FlightRecorder::new),
        };
        shared.install(effective);
        Logsys {
            shared: Arc::new(shared),
        }
    }

    /// The program name.
    pub fn system_name(&self) -> &str {
        &self.shared.system_name
    }

    /// Whether a message of this level from this subsystem would be queued:
    /// the cheap test every log call makes first.
    #[inline]
    pub fn enabled(&self, subsys: Subsys, level: Level) -> bool {
        self.shared
            .thresholds
            .get(subsys.index())
            .is_some_and(|t| level.as_raw() <= t.load(Ordering::Relaxed))
    }

    /// Whether a flight recorder keeps every message, whatever its level
    /// (log macros then format messages that no log target wants).
    #[inline]
    pub fn recording(&self) -> bool {
        self.shared.recorder.is_some()
    }

    /// The flight recorder, if there is one.
    pub fn flight_recorder(&self) -> Option<&FlightRecorder> {
        self.shared.recorder.as_ref()
    }

    /// Write the flight recorder's dump to `path` (mode 0700, as the
    /// original makes it). The dump is written beside it and renamed into
    /// place, so a reader never sees half a dump.
    pub fn flight_data_store(&self, path: &Path) -> io::Result<()> {
        let Some(recorder) = &self.shared.recorder else {
            return Err(io::Error::from(io::ErrorKind::Unsupported));
        };
        let mut temp = path.as_os_str().to_owned();
        temp.push(".new");
        let temp = PathBuf::from(temp);
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o700);
        let written = options.open(&temp).and_then(|file| {
            let mut out = io::BufWriter::with_capacity(1 << 16, file);
            recorder.store(&mut out)?;
            out.flush()
        });
        match written {
            Ok(()) => std::fs::rename(&temp, path),
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }

    /// Queue one message (use [`crate::log_printf!`], which checks
    /// [`Logsys::enabled`] and [`Logsys::recording`] first and fills in the
    /// site). It goes to the flight recorder in any case, to the log
    /// targets if their filters admit it.
    pub fn log(&self, site: Site, args: fmt::Arguments<'_>) {
        let message = match args.as_str() {
            Some(s) => s.to_string(),
            None => fmt::format(args),
        };
        let record = Record {
            site,
            time: SystemTime::now(),
            message: clip_message(message),
        };
        self.record_flight(&record);
        if self.enabled(site.subsys, site.level) {
            self.shared.enqueue(record);
        }
    }

    /// Queue a record built elsewhere (filters still apply when written);
    /// the flight recorder keeps it too.
    pub fn log_record(&self, record: Record) {
        self.record_flight(&record);
        self.shared.enqueue(record);
    }

    fn record_flight(&self, record: &Record) {
        let Some(recorder) = &self.shared.recorder else {
            return;
        };
        let effective = self.shared.effective();
        let index = record.site.subsys.index();
        let subsys = self.shared.name_of(&effective, index);
        let time = record
            .time
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let message = match record.site.kind {
            RecordKind::Enter | RecordKind::Leave => None,
            _ => Some(record.message.as_bytes()),
        };
        recorder.record(&RecordFields {
            args: &[],
            ident: encode_ident(record.site.level, index as u32, record.site.kind),
            line: record.site.line,
            time,
            subsys: &subsys,
            file: short_file_name(record.site.file),
            function: record.site.function,
            message,
        });
    }

    /// Start the writer thread (the original starts it in
    /// `logsys_fork_completed`, once the daemon has forked). Until then
    /// messages wait in the queue. Calling it again does nothing.
    pub fn start_writer(&self) -> io::Result<()> {
        let mut writer = lock(&self.shared.writer);
        if writer.is_some() {
            return Ok(());
        }
        let shared = Arc::clone(&self.shared);
        let handle = std::thread::Builder::new()
            .name("corosync-logsys".to_string())
            .spawn(move || shared.writer_loop())?;
        *writer = Some(handle);
        Ok(())
    }

    /// Whether the writer thread runs.
    pub fn writer_running(&self) -> bool {
        lock(&self.shared.writer).is_some()
    }

    /// Wait until everything queued so far is written. Without a writer
    /// thread, writes it on the caller's thread.
    /// The writer thread's pthread id, while it runs (for
    /// `logsys_thread_priority_set`).
    pub fn writer_pthread(&self) -> Option<libc::pthread_t> {
        use std::os::unix::thread::JoinHandleExt;
        lock(&self.shared.writer).as_ref().map(|h| h.as_pthread_t())
    }

    pub fn flush(&self) {
        if self.writer_running() {
            self.shared.wake_writer.notify_one();
            let mut queue = lock(&self.shared.queue);
            while !queue.records.is_empty() || queue.dropped > 0 || queue.busy {
                queue = self
                    .shared
                    .drained
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        } else {
            let (batch, dropped) = Shared::take_batch(&mut lock(&self.shared.queue));
            self.shared.write_batch(batch, dropped);
        }
    }

    /// Write everything queued and stop the writer thread (`logsys_atexit`).
    /// Messages logged afterwards wait for [`Logsys::flush`].
    pub fn shutdown(&self) {
        let handle = lock(&self.shared.writer).take();
        if let Some(handle) = handle {
            lock(&self.shared.queue).shutdown = true;
            self.shared.wake_writer.notify_all();
            let _ = handle.join();
            lock(&self.shared.queue).shutdown = false;
        }
        self.flush();
    }

    /// `-f`: the process runs in the foreground and stderr is the terminal.
    /// A daemon calls this with `false` once it has detached from its
    /// terminal; stderr output then stops, as it went to /dev/null in the
    /// original.
    pub fn set_foreground(&self, foreground: bool) {
        self.shared
            .stderr_attached
            .store(foreground, Ordering::Relaxed);
    }

    /// Messages dropped because the queue was full, since start.
    pub fn dropped_total(&self) -> u64 {
        self.shared.dropped_total.load(Ordering::Relaxed)
    }

    /// The configuration in force.
    pub fn config(&self) -> LoggingConfig {
        self.shared.effective().config.clone()
    }

    /// The subsystem of that name, if it exists.
    pub fn subsys_lookup(&self, name: &str) -> Option<Subsys> {
        let effective = self.shared.effective();
        effective
            .names
            .iter()
            .take(MAX_SUBSYS_COUNT)
            .position(|n| n.as_deref() == Some(name))
            .and_then(|i| u8::try_from(i).ok())
            .map(Subsys)
    }

    /// The name of a subsystem (the system name for [`Subsys::SYSTEM`]).
    pub fn subsys_name(&self, subsys: Subsys) -> Option<String> {
        let effective = self.shared.effective();
        effective.names.get(subsys.index()).cloned().flatten()
    }

    /// `_logsys_subsys_create`: the subsystem of that name, made if needed.
    /// It starts with the settings the configuration gives that name.
    pub fn subsys_create(&self, name: &str) -> Result<Subsys, LogsysError> {
        let _guard = lock(&self.shared.config_lock);
        let mut effective = (*self.shared.effective()).clone();
        let subsys = register(&mut effective, name)?;
        effective.rebuild_loggers();
        self.shared.install(effective);
        Ok(subsys)
    }

    /// Put a logging configuration in force: make the subsystems it names,
    /// open its log files (appending; a file already open stays open), and
    /// switch the filters and format. On error nothing changes.
    pub fn apply_config(&self, config: &LoggingConfig) -> Result<(), LogsysError> {
        let _guard = lock(&self.shared.config_lock);
        let old = self.shared.effective();
        let mut effective = (*old).clone();
        effective.config = config.clone();
        effective.format = config.format.clone().into_bytes();
        effective.has_timestamp = format_has_timestamp(&effective.format);
        for (name, _) in &config.subsystems {
            register(&mut effective, name)?;
        }

        let mut files = HashMap::new();
        let loggers = std::iter::once((self.shared.system_name.as_str(), &config.system)).chain(
            config
                .subsystems
                .iter()
                .map(|(name, settings)| (name.as_str(), settings)),
        );
        for (name, settings) in loggers {
            let Some(path) = &settings.logfile else {
                continue;
            };
            if files.contains_key(path) {
                continue;
            }
            if path.as_os_str().len() >= PATH_MAX {
                return Err(LogsysError::new(format!(
                    "{name}: logfile name exceed maximum system filename lenght"
                )));
            }
            let file = match old.files.get(path) {
                Some(file) => Arc::clone(file),
                None => Arc::new(open_logfile(path)?),
            };
            files.insert(path.clone(), file);
        }
        effective.files = files;
        effective.rebuild_loggers();

        let facility_changed = old.config.system.syslog_facility != config.system.syslog_facility;
        self.shared.install(effective);
        if facility_changed {
            lock(&self.shared.output)
                .syslog_open(&self.shared.system_name, config.system.syslog_facility);
        }
        Ok(())
    }
}

impl Drop for Logsys {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn register(effective: &mut Effective, name: &str) -> Result<Subsys, LogsysError> {
    if name.len() >= MAX_SUBSYS_NAMELEN {
        return Err(LogsysError::new("unable to create new logging subsystem"));
    }
    let names = &mut effective.names[..MAX_SUBSYS_COUNT];
    if let Some(index) = names.iter().position(|n| n.as_deref() == Some(name)) {
        return Ok(Subsys(index as u8));
    }
    let Some(index) = names.iter().position(Option::is_none) else {
        return Err(LogsysError::new("unable to create new logging subsystem"));
    };
    names[index] = Some(name.to_string());
    Ok(Subsys(index as u8))
}

/// Open a log file the way `fopen(file, "a+")` does.
fn open_logfile(path: &Path) -> Result<File, LogsysError> {
    OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|err| {
            LogsysError::new(format!(
                "Can't open logfile '{}' for reason: {} ({}).",
                path.display(),
                strerror(&err),
                err.raw_os_error().unwrap_or(0)
            ))
        })
}
