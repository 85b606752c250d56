#include "staff_bootstrap.h"

#include <stdexcept>

namespace server {

std::vector<IssuedLink> provision_staff(StaffAccounts& accounts, const LiveCatalog& catalog,
                                        const StaffProvisioning& p) {
  if (p.password && (p.password->size() < StaffAccounts::kMinPassword || p.password->size() > StaffAccounts::kMaxPassword)) {
    throw std::invalid_argument("the staff password must have 12 to 256 characters");
  }
  std::vector<IssuedLink> links;
  for (const std::string& spec : p.create) {
    StaffRole role = StaffRole::Admin;
    std::string store, username;
    if (spec.rfind("admin:", 0) == 0) {
      username = spec.substr(6);
    } else if (spec.rfind("store:", 0) == 0) {
      const size_t colon = spec.find(':', 6);
      if (colon == std::string::npos) throw std::invalid_argument("--create-staff store:STORE_ID:USER, got " + spec);
      role = StaffRole::Store;
      store = spec.substr(6, colon - 6);
      username = spec.substr(colon + 1);
      if (!catalog.view().store(store)) throw std::invalid_argument("--create-staff: no store " + store + " in the catalog");
    } else {
      throw std::invalid_argument("--create-staff admin:USER or store:STORE_ID:USER, got " + spec);
    }
    if (username.empty()) throw std::invalid_argument("--create-staff needs a username: " + spec);
    if (accounts.find(username)) continue;
    std::optional<StaffAccount> made = accounts.create(username, role, store, p.password);
    if (made && !p.password) links.push_back(IssuedLink{username, accounts.issue_link(made->id)});
  }
  for (const std::string& username : p.links_for) {
    std::optional<StaffAccount> account = accounts.find(username);
    if (!account || account->revoked) throw std::invalid_argument("--issue-signin-link: no live account " + username);
    links.push_back(IssuedLink{username, accounts.issue_link(account->id)});
  }
  if (accounts.count() == 0) {
    std::optional<StaffAccount> admin = accounts.create("admin", StaffRole::Admin, "", std::nullopt);
    if (admin) links.push_back(IssuedLink{admin->username, accounts.issue_link(admin->id)});
  }
  return links;
}

}  // namespace server
