#include "tests/support/fake_records.hpp"

#include <algorithm>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dnsclay::test {

std::string FakeRecords::insert(const std::string& id, const rapidjson::Value& record) {
    auto doc = std::make_unique<rapidjson::Document>();
    doc->CopyFrom(record, doc->GetAllocator());
    records_.emplace_back(id, std::move(doc));
    return json(*records_.back().second);
}

rapidjson::Document FakeRecords::merged(const std::string& id,
                                        const rapidjson::Value& changes) const {
    rapidjson::Document doc;
    auto it = std::find_if(records_.begin(), records_.end(),
                           [&](const auto& r) { return r.first == id; });
    if (it == records_.end()) return doc;
    doc.CopyFrom(*it->second, doc.GetAllocator());
    for (const auto& m : changes.GetObject()) {
        rapidjson::Value value(m.value, doc.GetAllocator());
        doc.RemoveMember(m.name); // then added anew (no iterator ==: clang)
        doc.AddMember(rapidjson::Value(m.name, doc.GetAllocator()), value, doc.GetAllocator());
    }
    return doc;
}

std::string FakeRecords::replace(const std::string& id, const rapidjson::Value& record) {
    auto it = std::find_if(records_.begin(), records_.end(),
                           [&](const auto& r) { return r.first == id; });
    it->second->CopyFrom(record, it->second->GetAllocator());
    return json(*it->second);
}

bool FakeRecords::erase(const std::string& id) {
    auto it = std::find_if(records_.begin(), records_.end(),
                           [&](const auto& r) { return r.first == id; });
    if (it == records_.end()) return false;
    records_.erase(it);
    return true;
}

std::vector<const rapidjson::Value*> FakeRecords::all() const {
    std::vector<const rapidjson::Value*> out;
    for (const auto& r : records_)
        out.push_back(r.second.get());
    return out;
}

std::string FakeRecords::json(const rapidjson::Value& record) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    record.Accept(w);
    return buf.GetString();
}

rapidjson::Document parse_body(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (doc.HasParseError()) doc.SetNull();
    return doc;
}

} // namespace dnsclay::test
