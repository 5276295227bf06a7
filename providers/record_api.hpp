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

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dnsclay::providers {

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

// How the record calls of an operator whose records are REST resources look, and what to
// tell the user when it refuses one. Every record lives at <records path>/<id>; a create
// is a POST to the records path, an update `update_method` to the record (idempotent, so
// retried), a delete a DELETE to it. An update or delete answered 204 is done; so is a
// delete answered 404 (gone already).
struct RestRecordSpec {
    // The member of a create's answer that holds the new record ("domain_record"); empty:
    // the answer is the record.
    std::string created_member = "";
    long created = 201; // a create's status
    std::string update_method = "PUT";
    // The operator's explanation in the body of a refusal.
    std::function<std::string(const rapidjson::Document&)> explain = {};
    // Added to the explanation when the credentials are refused (401, 403): what they
    // need; "{zone}" stands for the zone's name.
    std::string credentials_hint = "";
    // Whether a 404 to a listing asks if the zone is a domain of the account (an operator
    // whose records path names the zone).
    bool listing_404_means_no_domain = false;
};

// A RecordApiProvider whose record calls are the REST calls `record_spec` describes.
class RestRecordApiProvider : public RecordApiProvider {
  protected:
    RestRecordApiProvider(const ProviderContext& ctx, WebApiSpec api_spec,
                          RestRecordSpec record_spec);

    const std::string& label() const override { return api_.label(); }
    // Where the zone's records are: "/domains/example.com/records".
    virtual std::string records_path() = 0;
    // The JSON body that creates `record`, or with `update` makes a record equal to it.
    virtual std::string record_body(const dns::Record& record, bool update) const = 0;

    // The answer as JSON if its status is `ok` and it is an object; otherwise
    // ProviderError saying what the operator said and what to do about it.
    rapidjson::Document checked(const http::Response& response, const std::string& what, long ok);
    // The array member `name` of an answer to `what`; ProviderError if there is none.
    const rapidjson::Value& array_member(const rapidjson::Document& doc, const char* name,
                                         const std::string& what) const;

    std::string create(const dns::Record& record) override;
    void update(const std::string& id, const dns::Record& record) override;
    void remove(const std::string& id) override;

    WebApi api_;

  private:
    RestRecordSpec spec_;
};

// A record an operator sent with its id, its owner relative to `zone` ("" or "@" the
// apex) and its rdata in presentation form; nullopt (and an entry in `skipped`) if it
// cannot be read.
std::optional<IdRecord> read_id_record(const std::string& id, const std::string& name,
                                       std::uint32_t ttl, const std::string& type,
                                       const std::string& rdata, const dns::Name& zone,
                                       std::vector<SkippedRecord>& skipped);

} // namespace dnsclay::providers
