//! What every handler shares: the store, the data folder (where the repository mirrors
//! are) and the settings.

use crate::counts::CountsCache;
use crate::limiter::LoginLimiter;
use driftless_campaign::Store;
use driftless_campaign::exception::ExceptionPolicy;
use driftless_campaign::workflow::Verify;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Marks the session cookie `Secure`: set it when the server is reached over TLS (behind
    /// a reverse proxy); browsers then never send the cookie over plain HTTP.
    pub secure_cookies: bool,
    /// How long a login lasts. Default 12 hours.
    pub session_ttl: Duration,
    /// How long exceptions may last (`driftless.toml`, `[exceptions]`).
    pub exception_policy: ExceptionPolicy,
    /// Files larger than this many bytes are not shown in the code view. Default 1 MiB.
    pub max_file_bytes: u64,
    /// Failed logins allowed per user name within [`Settings::login_window`] before further
    /// attempts get 429. Default 10.
    pub max_failed_logins: u32,
    /// The window of [`Settings::max_failed_logins`]. Default 5 minutes.
    pub login_window: Duration,
    /// Whether the fixes a user proposes are checked with Terraform (see
    /// `driftless_campaign::workflow::ProposeOptions::verify`). Default [`Verify::No`];
    /// `driftless serve` verifies when it finds Terraform and the provider mirror.
    pub verify: Verify,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_ttl: Duration::from_hours(12),
            exception_policy: ExceptionPolicy::default(),
            max_file_bytes: 1024 * 1024,
            max_failed_logins: 10,
            login_window: Duration::from_mins(5),
            verify: Verify::No,
        }
    }
}

/// The state of the application: cheap to clone (everything is behind an `Arc`).
#[derive(Clone)]
pub struct AppState {
    /// The campaign store.
    pub store: Arc<dyn Store>,
    /// driftless's data folder: repository mirrors are `repos/<name>.git` in it.
    pub data_dir: PathBuf,
    /// The settings.
    pub settings: Arc<Settings>,
    /// Failed logins per user name.
    pub(crate) limiter: Arc<LoginLimiter>,
    /// Campaign counts, cached on the store's revision.
    pub(crate) counts: Arc<CountsCache>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("data_dir", &self.data_dir)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// The state of a server on `store`, with mirrors under `data_dir`.
    #[must_use]
    pub fn new(store: Arc<dyn Store>, data_dir: PathBuf, settings: Settings) -> Self {
        Self {
            store,
            data_dir,
            limiter: Arc::new(LoginLimiter::default()),
            counts: Arc::new(CountsCache::default()),
            settings: Arc::new(settings),
        }
    }

    /// The mirror folder of repository `name` (as [`Workspace::mirror_dir`]).
    ///
    /// [`Workspace::mirror_dir`]: driftless_campaign::workflow::Workspace::mirror_dir
    #[must_use]
    pub fn mirror_dir(&self, name: &str) -> PathBuf {
        self.data_dir.join("repos").join(format!("{name}.git"))
    }
}
