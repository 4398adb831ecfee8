//! "Manage your account": links to Logto's prebuilt Account Center for what the tenant lets users
//! change (Console → Sign-in & account → Account center), each sending the user back here, where
//! the profile is read again and the page says what changed.
//!
//! The settings come from `GET {endpoint}/api/.well-known/account-center`
//! ([`logto_core::LogtoClient::account_center`]), kept for five minutes: a page view never waits
//! for Logto, except the very first one (at most two seconds); after that, stale settings are
//! read again in the background.

use std::{
    ops::Deref,
    sync::{
        Arc, OnceLock, RwLock,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use logto_core::{
    LogtoClient, Profile,
    account::{AccountCenter, FieldControl},
};

use crate::config::BaseUrl;

/// How long the settings are used before they are read again.
const KEEP: Duration = Duration::from_secs(5 * 60);
/// How long the first page view waits for the settings.
const FIRST_READ: Duration = Duration::from_secs(2);
/// What the Account Center's `redirect` brings the browser back to.
pub const RETURN_QUERY: &str = "account=updated";

/// The Account Center settings of this process, read lazily and kept.
#[derive(Default)]
pub struct AccountCenterSettings {
    kept: RwLock<Option<(Instant, Arc<KeptSettings>)>>,
    reading: AtomicBool,
}

/// One reading of the settings, shared by every page view until the next reading, with the
/// links built from it once (building them on each view cost 3% of a signed-in page view's
/// CPU, measured with `perf`).
#[derive(Default)]
pub struct KeptSettings {
    settings: AccountCenter,
    links: OnceLock<Arc<[AccountLink]>>,
}

impl KeptSettings {
    fn new(settings: AccountCenter) -> Self {
        Self {
            settings,
            links: OnceLock::new(),
        }
    }

    /// The links to the Account Center's pages ([`links_for`]); the endpoint and the base URL
    /// are the process's own, the same for every call.
    pub fn links(&self, endpoint: &str, base: &BaseUrl) -> Arc<[AccountLink]> {
        self.links
            .get_or_init(|| links_for(&self.settings, endpoint, base).into())
            .clone()
    }
}

impl Deref for KeptSettings {
    type Target = AccountCenter;

    fn deref(&self) -> &AccountCenter {
        &self.settings
    }
}

/// One link to an Account Center page.
pub struct AccountLink {
    /// The page's address at Logto, with `redirect` back to this app.
    pub href: String,
    /// The catalogue key of its label.
    pub label: &'static str,
    /// The element id, for tests and the browser suite.
    pub id: &'static str,
}

impl AccountCenterSettings {
    /// The settings as last read: an Account Center that is off while they are unknown.
    pub async fn current(self: &Arc<Self>, logto: &Arc<LogtoClient>) -> Arc<KeptSettings> {
        let kept = self.kept.read().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some((read_at, settings)) = kept {
            if read_at.elapsed() > KEEP {
                self.read_in_background(logto.clone());
            }
            return settings;
        }
        self.read_in_background(logto.clone());
        // The first page view waits a moment for the first reading.
        let started = Instant::now();
        loop {
            // Read before looking at the flag: the reader sets the settings, then the flag.
            let reading = self.reading.load(Ordering::Acquire);
            if let Some((_, settings)) = self.kept.read().unwrap_or_else(|p| p.into_inner()).clone()
            {
                return settings;
            }
            if started.elapsed() > FIRST_READ || !reading {
                return Arc::default();
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn read_in_background(self: &Arc<Self>, logto: Arc<LogtoClient>) {
        if self.reading.swap(true, Ordering::AcqRel) {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            match logto.account_center().await {
                Ok(settings) => {
                    *this.kept.write().unwrap_or_else(|p| p.into_inner()) =
                        Some((Instant::now(), Arc::new(KeptSettings::new(settings))));
                }
                Err(err) => {
                    tracing::warn!(error = %err, "could not read Logto's Account Center settings");
                    // Keep what we had (or, the first time, no links), and try again after KEEP:
                    // page views never wait on a Logto that cannot answer this.
                    let mut kept = this.kept.write().unwrap_or_else(|p| p.into_inner());
                    match kept.as_mut() {
                        Some((read_at, _)) => *read_at = Instant::now(),
                        None => *kept = Some((Instant::now(), Arc::default())),
                    }
                }
            }
            this.reading.store(false, Ordering::Release);
        });
    }
}

/// Whether the user may rename themselves from this app (the `name` field set to `Edit`).
pub fn name_editable(settings: &AccountCenter) -> bool {
    settings.enabled && settings.fields.name == FieldControl::Edit
}

/// Whether the avatar or the profile fields can be edited from this app (`/account/profile`).
pub fn profile_editable(settings: &AccountCenter) -> bool {
    settings.enabled
        && (settings.fields.avatar == FieldControl::Edit
            || settings.fields.profile == FieldControl::Edit)
}

/// Whether the user's sessions can be listed (`/account/devices`): sessions ReadOnly or Edit.
pub fn devices_visible(settings: &AccountCenter) -> bool {
    settings.enabled && settings.fields.session != FieldControl::Off
}

/// The Account Center's pages (`packages/account` in Logto) for each field set to `Edit`; none
/// while the Account Center is off.
pub fn links_for(settings: &AccountCenter, endpoint: &str, base: &BaseUrl) -> Vec<AccountLink> {
    if !settings.enabled {
        return Vec::new();
    }
    let fields = &settings.fields;
    let editable = |control: FieldControl| control == FieldControl::Edit;
    let pages: [(bool, &str, &'static str, &'static str); 6] = [
        (
            editable(fields.email),
            "email",
            "account-change-email",
            "account-email",
        ),
        (
            editable(fields.phone),
            "phone",
            "account-change-phone",
            "account-phone",
        ),
        (
            editable(fields.username),
            "username",
            "account-change-username",
            "account-username",
        ),
        (
            editable(fields.password),
            "password",
            "account-change-password",
            "account-password",
        ),
        (
            editable(fields.mfa),
            "authenticator-app",
            "account-two-step",
            "account-two-step",
        ),
        (
            editable(fields.mfa),
            "passkey/manage",
            "account-passkeys",
            "account-passkeys",
        ),
    ];
    let back = format!("{}/?{RETURN_QUERY}", base.as_str());
    let back: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
    let endpoint = endpoint.trim_end_matches('/');
    pages
        .into_iter()
        .filter(|(on, ..)| *on)
        .map(|(_, page, label, id)| AccountLink {
            href: format!("{endpoint}/account/{page}?redirect={back}"),
            label,
            id,
        })
        .collect()
}

/// What changed in the profile between two readings, as catalogue keys.
pub fn changes(before: &Profile, after: &Profile) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if before.email != after.email || before.email_verified != after.email_verified {
        changed.push("account-changed-email");
    }
    if before.phone_number != after.phone_number {
        changed.push("account-changed-phone");
    }
    if before.username != after.username {
        changed.push("account-changed-username");
    }
    if before.name != after.name {
        changed.push("account-changed-name");
    }
    if before.picture != after.picture {
        changed.push("account-changed-picture");
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use logto_core::account::AccountCenterFields;

    #[test]
    fn links_appear_for_editable_fields_only_and_none_when_the_account_center_is_off() {
        let base = BaseUrl::parse("http://localhost:3000").expect("an origin");
        let fields = AccountCenterFields {
            email: FieldControl::Edit,
            phone: FieldControl::ReadOnly,
            password: FieldControl::Edit,
            ..Default::default()
        };
        let on = AccountCenter {
            enabled: true,
            fields: fields.clone(),
        };
        let links = links_for(&on, "https://t.logto.app/", &base);
        let ids: Vec<&str> = links.iter().map(|l| l.id).collect();
        assert_eq!(ids, ["account-email", "account-password"]);
        assert_eq!(
            links[0].href,
            "https://t.logto.app/account/email?redirect=http%3A%2F%2Flocalhost%3A3000%2F%3Faccount%3Dupdated"
        );
        let off = AccountCenter {
            enabled: false,
            fields,
        };
        assert!(links_for(&off, "https://t.logto.app", &base).is_empty());
    }
}
