//! Indicator engine over register microdata: the definitions of
//! `shared/spec/register-data.md` as DataFusion plans.
