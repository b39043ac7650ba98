//! Password hashing with argon2id (the `argon2` crate's default algorithm).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 10;

/// A password that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", uppsikt_domain::tr!(users.password_too_short, min = MIN_LENGTH))]
pub struct TooShort;

/// Hashes `password` into a PHC string (`$argon2id$…`) with a fresh salt.
pub fn hash(password: &str) -> Result<String, TooShort> {
    if password.chars().count() < MIN_LENGTH {
        return Err(TooShort);
    }
    // Hashing fails only without the system's random source for the salt.
    let h = Argon2::default()
        .hash_password(password.as_bytes())
        .expect("a salt from the operating system's random source");
    Ok(h.to_string())
}

/// Whether `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    match argon2::password_hash::phc::PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, verified against when the user does not
/// exist, so a login takes as long for unknown names as for known ones.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash(&crate::auth::secret::random_password()).expect("hashing works"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = super::hash("ett långt lösenord").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(super::verify("ett långt lösenord", &h));
        assert!(!super::verify("fel lösenord!!", &h));
        assert!(!super::verify("x", "not a hash"));
        assert!(super::hash("kort").is_err());
    }
}
