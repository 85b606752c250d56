// The checkout form's checks: contact always, the address when a line ships.
import { validateAddress } from './address-validation.mjs';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// form: { customer: { name, email, phone }, address } -> field -> message.
export function validateCheckout(form, { needsAddress, messages }) {
  const errors = {};
  const c = form.customer;
  if (!c.name.trim()) errors.name = 'Enter your full name.';
  if (!c.email.trim()) errors.email = 'Enter your email address.';
  else if (!EMAIL.test(c.email.trim())) errors.email = 'Enter an email address like name@example.com.';
  if (c.phone.trim() && !/^[+()\-.\s\d]{7,20}$/.test(c.phone.trim())) errors.phone = 'Enter a phone number with digits only.';
  return needsAddress ? { ...errors, ...validateAddress(form.address, messages) } : errors;
}
