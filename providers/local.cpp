// `local`: the records live only in state.db, and dnsclay is a standalone hidden primary.
// The local copy is the operator: listing reads it, and applying a change set has nothing
// left to do, because the change is the transaction that writes the local copy.
#include "lib/store/records.hpp"
#include "providers/registry.hpp"

namespace dnsclay::providers {
namespace {

class LocalProvider : public Provider {
  public:
    explicit LocalProvider(const ProviderContext& ctx) : db_(ctx.db), zone_id_(ctx.zone_id) {}

    std::vector<dns::Record> list_records() override {
        std::vector<dns::Record> out;
        for (auto& r : store::active_records(*db_, zone_id_))
            out.push_back(std::move(r.record));
        return out;
    }

    void apply(const zone::ChangeSet&) override {}

  private:
    store::Db* db_;
    std::int64_t zone_id_;
};

} // namespace

ProviderInfo local_provider() {
    ProviderInfo info;
    info.name = "local";
    info.description = "Records live only in dnsclay's state.db: a standalone hidden primary";
    info.capabilities.atomic_changes = true;
    info.capabilities.meaningful_serial = true;
    info.capabilities.records_in_state_db = true;
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        if (!ctx.db) throw ProviderError("the local provider needs the state database");
        return std::make_unique<LocalProvider>(ctx);
    };
    return info;
}

} // namespace dnsclay::providers
