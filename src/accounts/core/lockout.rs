//! Brute-force protection, keyed by who tries from where: `MAX_FAILURES` failed logins for
//! one e-mail *from one client address* within `WINDOW_SECS` lock that pair for `LOCK_SECS`
//! from the last of them; `MAX_ADDRESS_FAILURES` from one address, whatever the e-mails, lock
//! that address. A lock never reaches the same e-mail from another address, so nobody can
//! lock someone else out (the organiser included) from elsewhere.

pub const MAX_FAILURES: usize = 5;
pub const MAX_ADDRESS_FAILURES: usize = 20;
pub const WINDOW_SECS: i64 = 15 * 60;
pub const LOCK_SECS: i64 = 15 * 60;

/// How far back the failures that matter go.
pub fn lookback(now: i64) -> i64 {
    now - WINDOW_SECS - LOCK_SECS
}

/// When the lock on an (e-mail, address) pair ends, if it is locked at `now`, given the
/// times of its recent failures (any order, at least those since `lookback(now)`).
pub fn locked_until(failures: &[i64], now: i64) -> Option<i64> {
    lock(failures, now, MAX_FAILURES)
}

/// When the lock on a client address ends, given the times of every recent failure from it.
pub fn address_locked_until(failures: &[i64], now: i64) -> Option<i64> {
    lock(failures, now, MAX_ADDRESS_FAILURES)
}

fn lock(failures: &[i64], now: i64, max: usize) -> Option<i64> {
    let mut times: Vec<i64> = failures.iter().copied().filter(|t| *t <= now).collect();
    times.sort_unstable();
    times
        .windows(max)
        .filter(|w| w[max - 1] - w[0] <= WINDOW_SECS)
        .map(|w| w[max - 1] + LOCK_SECS)
        .filter(|until| *until > now)
        .max()
}

/// Whole minutes until `until`, rounded up, at least one.
fn minutes_left(until: i64, now: i64) -> i64 {
    ((until - now).max(60) + 59) / 60
}

fn plural(n: i64) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// What the login form says when the client address is locked until `until`.
pub fn address_locked_message(until: i64, now: i64) -> String {
    let minutes = minutes_left(until, now);
    format!(
        "Trop de tentatives de connexion ont échoué depuis votre réseau. Par sécurité, les connexions \
         depuis ce réseau sont suspendues pendant {minutes} minute{}. Réessayez ensuite.",
        plural(minutes)
    )
}

/// What the login form says when the (e-mail, address) pair is locked until `until`.
pub fn locked_message(until: i64, now: i64) -> String {
    let minutes = minutes_left(until, now);
    format!(
        "Trop de tentatives de connexion ont échoué pour cette adresse. Par sécurité, les connexions \
         sont suspendues pendant {minutes} minute{}. Réessayez ensuite, ou demandez un nouveau lien \
         à l’équipe organisatrice si vous avez oublié votre mot de passe.",
        plural(minutes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lock_messages_count_whole_minutes() {
        let now = 1_000_000;
        assert!(locked_message(now + LOCK_SECS, now).contains("pendant 15 minutes."));
        assert!(locked_message(now + 10, now).contains("pendant 1 minute."));
        assert!(address_locked_message(now + 61, now)
            .contains("depuis ce réseau sont suspendues pendant 2 minutes."));
    }

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let t = 1_000_000;
        let four = [t, t + 10, t + 20, t + 30];
        assert_eq!(locked_until(&four, t + 40), None);
        let five = [t, t + 10, t + 20, t + 30, t + 40];
        assert_eq!(locked_until(&five, t + 41), Some(t + 40 + LOCK_SECS));
        assert_eq!(locked_until(&five, t + 40 + LOCK_SECS - 1), Some(t + 40 + LOCK_SECS));
        assert_eq!(locked_until(&five, t + 40 + LOCK_SECS), None);
    }

    #[test]
    fn failures_spread_over_more_than_the_window_do_not_lock() {
        let t = 1_000_000;
        let spread = [t, t + 300, t + 600, t + 900, t + 901];
        assert_eq!(locked_until(&spread, t + 902), None);
    }

    #[test]
    fn an_address_is_locked_after_twenty_failures_whatever_the_emails() {
        let t = 1_000_000;
        let nineteen: Vec<i64> = (0..19).map(|i| t + i).collect();
        assert_eq!(address_locked_until(&nineteen, t + 20), None);
        let twenty: Vec<i64> = (0..20).map(|i| t + i).collect();
        assert_eq!(address_locked_until(&twenty, t + 20), Some(t + 19 + LOCK_SECS));
    }

    proptest! {
        #[test]
        fn lock_never_outlasts_fifteen_minutes_after_last_failure(
            mut times in proptest::collection::vec(0i64..10_000, 0..20),
            now in 0i64..12_000,
        ) {
            times.sort_unstable();
            if let Some(until) = locked_until(&times, now) {
                prop_assert!(until > now);
                let last = times.iter().copied().filter(|t| *t <= now).max().unwrap();
                prop_assert!(until <= last + LOCK_SECS);
            }
            // Fewer than five failures never lock.
            if times.iter().filter(|t| **t <= now).count() < MAX_FAILURES {
                prop_assert_eq!(locked_until(&times, now), None);
            }
        }

        #[test]
        fn order_of_failures_does_not_matter(mut times in proptest::collection::vec(0i64..5_000, 0..12), now in 0i64..6_000) {
            let a = locked_until(&times, now);
            times.reverse();
            prop_assert_eq!(a, locked_until(&times, now));
        }
    }
}
