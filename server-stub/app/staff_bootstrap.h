// Staff accounts made at start-up: --create-staff specs, fresh sign-in links
// for existing accounts (--issue-signin-link), and the first-start admin that
// makes the server secure by default (no accounts at all: one admin is
// created and its one-time link printed, once, since next start it exists).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "live_catalog.h"
#include "staff_accounts.h"

namespace server {

struct StaffProvisioning {
  std::vector<std::string> create;      // "admin:USER" or "store:STORE_ID:USER"
  std::optional<std::string> password;  // for the accounts `create` makes (else they get a link)
  std::vector<std::string> links_for;   // existing usernames that get a new one-time link
};

struct IssuedLink {
  std::string username;
  std::string token;
};

// Throws std::invalid_argument for a malformed spec, an unknown store, a
// password outside 12..256 characters or an unknown username in links_for.
// Accounts that already exist are left as they are (a restart with the same flags).
std::vector<IssuedLink> provision_staff(StaffAccounts& accounts, const LiveCatalog& catalog,
                                        const StaffProvisioning& p);

}  // namespace server
