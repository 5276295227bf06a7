#pragma once
// The zone of a fake whose operator gives every record its own id (DigitalOcean, Vultr,
// Linode): each record kept as the JSON object the operator would send, so a fake
// stores what it is sent, merges what an update sends and lists it back as it is.
#include "tests/support/fake_api.hpp"

#include <functional>
#include <memory>
#include <rapidjson/document.h>
#include <string>
#include <utility>
#include <vector>

namespace dnsclay::test {

class FakeRecords {
  public:
    // Stores `record` (a JSON object with its id already set) under `id`; returns it as JSON.
    std::string insert(const std::string& id, const rapidjson::Value& record);
    // The record `id` with the members of `changes` (a JSON object) set, not stored; a
    // null document if there is no such record.
    rapidjson::Document merged(const std::string& id, const rapidjson::Value& changes) const;
    // Replaces the record `id` (which must exist); returns it as JSON.
    std::string replace(const std::string& id, const rapidjson::Value& record);
    bool erase(const std::string& id);
    // Every record, in the order created.
    std::vector<const rapidjson::Value*> all() const;
    // The records [first, last) as JSON texts joined by commas (a page of a listing).
    std::string joined(std::size_t first, std::size_t last) const;
    // A record as JSON text.
    static std::string json(const rapidjson::Value& record);

  private:
    std::vector<std::pair<std::string, std::unique_ptr<rapidjson::Document>>> records_;
};

// `body` parsed; a null document if it is not JSON.
rapidjson::Document parse_body(const std::string& body);

// The record writes of a fake whose operator keeps records as REST resources
// (DigitalOcean, Vultr, Linode): a POST to `records` creates one, `update_methods` to
// `records`/<id> set the members sent, a DELETE there removes it. How the operator words
// and wraps its answers are the fields.
struct RecordRoutes {
    std::string records;    // path pattern; its group 1 names the zone
    std::string id_pattern; // the group of a record id: "([0-9]+)"
    std::vector<std::string> update_methods;
    // Answers a 404 and returns true if the path's zone is not the fake's.
    std::function<bool(const std::smatch&, httplib::Response&)> wrong_zone;
    // Why the operator refuses `record` (made what it stores first), "" if it takes it.
    std::function<std::string(rapidjson::Document& record)> refusal;
    int refused_status = 400;
    // The operator's error body for `status` and `message`.
    std::function<std::string(int status, const std::string& message)> error;
    std::string not_json;  // its message for an update body that is not JSON
    std::string not_found; // its message for an unknown record id
    // A new record's id, and whether the operator's ids are numbers (else strings).
    std::function<std::string()> next_id;
    bool numeric_ids = true;
    int created_status = 201;
    // The member that wraps a record in answers ("domain_record"); empty: none.
    std::string wrapper = "";
    bool update_answers_nothing = false; // 204, else 200 with the record
    bool delete_answers_nothing = true;  // 204, else 200 with {}
};
void add_record_routes(FakeApi& api, FakeRecords& records, RecordRoutes routes);
// Stores a record made of `members` (JSON members without the braces) under a new id, as
// the operator's control panel would; call it with the fake's mutex held.
void seed_record(FakeRecords& records, const std::string& id, bool numeric_id,
                 const std::string& members);

} // namespace dnsclay::test
