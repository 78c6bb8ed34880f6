//! Fees are invoices collected by a payment provider. Today the one provider is `manual`:
//! the applicant pays the association directly (check, card by phone) and the coordinator
//! marks the invoice paid. A card-payment provider implements the same trait.

use lattice_domain::language::Language;

/// How invoices get paid.
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// Stored on each invoice, so a later provider can tell its own from older ones.
    fn key(&self) -> &'static str;
    /// What the applicant is told to do to pay, in the language of the page or mail that
    /// says it.
    fn instructions(&self, language: Language) -> &'static str;
}

/// Paid to the association outside Lattice; the coordinator records the payment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ManualPayments;

impl PaymentProvider for ManualPayments {
    fn key(&self) -> &'static str {
        "manual"
    }

    fn instructions(&self, language: Language) -> &'static str {
        match language {
            Language::English => {
                "Pay the association as it asks (check or card by phone); your coordinator marks the fee paid in Lattice."
            }
            Language::Spanish => {
                "Pague a la asociación como ella lo indique (cheque o tarjeta por teléfono); su coordinador/a marca la cuota como pagada en Lattice."
            }
        }
    }
}
