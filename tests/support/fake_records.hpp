#pragma once
// The zone of a fake whose operator gives every record its own id (DigitalOcean, Vultr,
// Linode): each record kept as the JSON object the operator would send, so a fake
// stores what it is sent, merges what an update sends and lists it back as it is.
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
    // A record as JSON text.
    static std::string json(const rapidjson::Value& record);

  private:
    std::vector<std::pair<std::string, std::unique_ptr<rapidjson::Document>>> records_;
};

// `body` parsed; a null document if it is not JSON.
rapidjson::Document parse_body(const std::string& body);

} // namespace dnsclay::test
