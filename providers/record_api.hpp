#pragma once
// What operators whose API gives every record (every value of an rrset) its own id share
// (DigitalOcean, Vultr, Linode, ...): there is no call that sets an rrset, so one rrset
// change becomes calls per record: a value that stays is left alone (its TTL updated if
// the rrset's moved), a changed value is updated in place, new values are created and the
// rest deleted. If one of those calls fails, the calls made before it are undone, so the
// rrset is as it was (the engine undoes the change set's earlier rrsets).
#include "lib/dns/record.hpp"
#include "lib/zone/rrset.hpp"
#include "providers/web_api.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dnsclay::providers {

// A record as the operator holds it, with its id.
struct IdRecord {
    std::string id;
    dns::Record record;
};

// The provider's calls for one record each. Each throws ProviderError (or
// http::OutcomeUnknown) when the operator did not do it.
class RecordCalls {
  public:
    virtual ~RecordCalls() = default;
    // Creates `record` and returns its id.
    virtual std::string create(const dns::Record& record) = 0;
    // Makes the record `id` equal to `record` (value and TTL).
    virtual void update(const std::string& id, const dns::Record& record) = 0;
    virtual void remove(const std::string& id) = 0;
};

// Makes the rrset whose records the operator holds as `held` equal to `after` (every
// record of it at the rrset's one TTL; empty: delete the rrset), undoing its own calls
// if one fails, then rethrowing that failure. When undoing fails too, it throws
// ProviderError saying the rrset is partly changed.
void apply_by_record(RecordCalls& calls, const std::vector<IdRecord>& held,
                     const std::vector<dns::Record>& after);

// A provider over such an API: it lists the zone with ids, and applies each rrset of a
// change set with apply_by_record().
class RecordApiProvider : public WebProvider, protected RecordCalls {
  public:
    std::vector<dns::Record> list_records() override;

  protected:
    void apply_remote(const zone::ChangeSet& changes) override;
    // Every record of the zone with its id; what cannot be read goes to skipped_.
    virtual std::vector<IdRecord> fetch_all() = 0;
    // The records of one rrset: by default those of fetch_all(), for operators whose
    // listing has no filter.
    virtual std::vector<IdRecord> fetch_rrset(const zone::RRsetKey& key);
};

// A record an operator sent with its id, its owner relative to `zone` ("" or "@" the
// apex) and its rdata in presentation form; nullopt (and an entry in `skipped`) if it
// cannot be read.
std::optional<IdRecord> read_id_record(const std::string& id, const std::string& name,
                                       std::uint32_t ttl, const std::string& type,
                                       const std::string& rdata, const dns::Name& zone,
                                       std::vector<SkippedRecord>& skipped);

} // namespace dnsclay::providers
