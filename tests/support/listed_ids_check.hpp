#pragma once
// The scenario every provider whose atomic batch names records by id runs against its fake
// (providers/listed_records): a change right after a listing of the zone (serve's sync
// before an UPDATE) is the batch alone; an rrset changed by us since is read first; a
// record deleted and made again at the operator after the listing (a stale id) makes the
// operator refuse the batch, after which the rrset is read and the batch sent again, for a
// replacement and for a deletion; a local copy that differs from the listing is read
// first. Each time the operator ends with exactly the asked rrsets.
#include "providers/provider.hpp"
#include "tests/support/fake_api.hpp"

#include <functional>
#include <memory>
#include <string>

namespace dnsclay::test {

struct ListedIdsCase {
    std::string provider;
    // A new provider object for example.test., as the engine opens one per operation.
    std::function<std::unique_ptr<providers::Provider>()> open;
    // Deletes the records of `type` at `owner` ("www") and makes one of value `text` (the
    // text itself for TXT), as the operator's web interface would: under a new id.
    std::function<void(const std::string& owner, const std::string& type, const std::string& text)>
        remake;
    FakeApi* api = nullptr;
    // The batch, and the provider's own read of the TXT rrset at _acme-challenge, as the
    // fake logs them.
    std::string batch, read_txt;
};

// Runs the scenario with Catch2 checks.
void run_listed_ids(const ListedIdsCase& c);

} // namespace dnsclay::test
