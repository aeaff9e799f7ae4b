//! Times as the reader reads them: in their time zone (their own setting, else
//! `[server] time_zone`), through the time-zone database, in their language's format —
//! "1 Dec 2026, 23:00" or "1 dec 2026 23:00" — with no-break spaces so a date never breaks
//! across lines in a table cell.

use crate::explain::Lang;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A reader's time zone and language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    /// Their time zone.
    pub tz: Tz,
    /// Their language.
    pub lang: Lang,
}

/// A no-break space.
const NBSP: &str = "\u{a0}";

impl Clock {
    fn locale(&self) -> chrono::Locale {
        match self.lang {
            Lang::En => chrono::Locale::en_GB,
            Lang::Nl => chrono::Locale::nl_NL,
        }
    }

    fn local(&self, t: DateTime<Utc>) -> DateTime<Tz> {
        t.with_timezone(&self.tz)
    }

    /// Day, month and year with the time: "1 Dec 2026, 23:00" / "1 dec 2026 23:00", followed
    /// by the zone's abbreviation when the reader's zone is UTC (so it is never mistaken for
    /// local time).
    pub fn datetime(&self, t: DateTime<Utc>) -> String {
        let pattern = match self.lang {
            Lang::En => "%-d %b %Y, %H:%M",
            Lang::Nl => "%-d %b %Y %H:%M",
        };
        let mut s = self
            .local(t)
            .format_localized(pattern, self.locale())
            .to_string();
        if self.tz == Tz::UTC {
            s.push_str(" UTC");
        }
        s.replace(' ', NBSP)
    }

    /// Day, month and year: "22 Dec 2026" / "22 dec 2026".
    pub fn date(&self, t: DateTime<Utc>) -> String {
        self.local(t)
            .format_localized("%-d %b %Y", self.locale())
            .to_string()
            .replace(' ', NBSP)
    }

    /// The zone's name ("Europe/Amsterdam").
    pub fn zone(&self) -> &'static str {
        self.tz.name()
    }
}

/// Parses a zone of the time-zone database ("Europe/Amsterdam", "UTC"); else says what is
/// expected.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("{name:?} is not a time zone of the time-zone database (for example Europe/Amsterdam or UTC)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_shown_in_the_readers_zone_and_language() {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 22, 0, 0).unwrap();
        let ams = parse_zone("Europe/Amsterdam").unwrap();
        let nl = Clock {
            tz: ams,
            lang: Lang::Nl,
        };
        let en = Clock {
            tz: ams,
            lang: Lang::En,
        };
        assert_eq!(nl.datetime(t).replace(NBSP, " "), "1 dec 2026 23:00");
        assert_eq!(en.datetime(t).replace(NBSP, " "), "1 Dec 2026, 23:00");
        // Summer time: +2 h.
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 22, 0, 0).unwrap();
        assert_eq!(nl.datetime(summer).replace(NBSP, " "), "2 jul 2026 00:00");
        let utc = Clock {
            tz: Tz::UTC,
            lang: Lang::En,
        };
        assert_eq!(utc.datetime(t).replace(NBSP, " "), "1 Dec 2026, 22:00 UTC");
        assert_eq!(nl.date(t).replace(NBSP, " "), "1 dec 2026");
        assert!(!nl.datetime(t).contains(' '), "never broken across lines");
        assert!(parse_zone("Mars/Olympus")
            .unwrap_err()
            .contains("Europe/Amsterdam"));
    }
}
