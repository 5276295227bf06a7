#include "tests/support/fake_records.hpp"

#include "lib/http/json_text.hpp"

#include <algorithm>
#include <fmt/core.h>
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

std::string FakeRecords::joined(std::size_t first, std::size_t last) const {
    std::string out;
    for (auto i = first; i < last && i < records_.size(); ++i)
        out += (out.empty() ? "" : ",") + json(*records_[i].second);
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

void add_record_routes(FakeApi& api, FakeRecords& records, RecordRoutes routes) {
    auto r = std::make_shared<const RecordRoutes>(std::move(routes));
    auto fail = [r](httplib::Response& res, int status, const std::string& message) {
        FakeApi::send_json(res, status, r->error(status, message));
    };
    auto answer = [r](httplib::Response& res, int status, const std::string& record) {
        FakeApi::send_json(res, status,
                           r->wrapper.empty() ? record
                                              : fmt::format(R"({{"{}":{}}})", r->wrapper, record));
    };
    auto with_id = [r](rapidjson::Document& doc, const std::string& id) {
        auto& a = doc.GetAllocator();
        doc.RemoveMember("id");
        doc.AddMember("id",
                      r->numeric_ids ? rapidjson::Value(static_cast<int64_t>(std::stoll(id)))
                                     : rapidjson::Value(id.c_str(), a),
                      a);
    };

    api.route("POST", r->records,
              [r, &records, fail, answer, with_id](const httplib::Request& req,
                                                   httplib::Response& res, const std::smatch& m) {
                  if (r->wrong_zone(m, res)) return;
                  auto doc = parse_body(req.body);
                  if (auto why = r->refusal(doc); !why.empty()) {
                      fail(res, r->refused_status, why);
                      return;
                  }
                  auto id = r->next_id();
                  with_id(doc, id);
                  answer(res, r->created_status, records.insert(id, doc));
              });

    const auto one = r->records + "/" + r->id_pattern;
    for (const auto& method : r->update_methods)
        api.route(method, one,
                  [r, &records, fail, answer](const httplib::Request& req, httplib::Response& res,
                                              const std::smatch& m) {
                      if (r->wrong_zone(m, res)) return;
                      auto doc = parse_body(req.body);
                      if (!doc.IsObject()) {
                          fail(res, 400, r->not_json);
                          return;
                      }
                      doc.RemoveMember("id");
                      auto changed = records.merged(m[2], doc);
                      if (changed.IsNull()) {
                          fail(res, 404, r->not_found);
                          return;
                      }
                      if (auto why = r->refusal(changed); !why.empty()) {
                          fail(res, r->refused_status, why);
                          return;
                      }
                      auto stored = records.replace(m[2], changed);
                      if (r->update_answers_nothing)
                          res.status = 204;
                      else
                          answer(res, 200, stored);
                  });

    api.route(
        "DELETE", one,
        [r, &records, fail](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (r->wrong_zone(m, res)) return;
            if (!records.erase(m[2]))
                fail(res, 404, r->not_found);
            else if (r->delete_answers_nothing)
                res.status = 204;
            else
                FakeApi::send_json(res, 200, "{}");
        });
}

void seed_record(FakeRecords& records, const std::string& id, bool numeric_id,
                 const std::string& members) {
    records.insert(id, parse_body(fmt::format(R"({{"id":{},{}}})",
                                              numeric_id ? id : http::json_quote(id), members)));
}

} // namespace dnsclay::test
