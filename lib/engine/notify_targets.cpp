// NOTIFY to all of a zone's targets at once, with retransmission (RFC 1996 §3.6), for
// callers that wait for the outcome.
#include "lib/engine/notify.hpp"

#include <algorithm>
#include <future>
#include <thread>

namespace dnsclay::engine {

std::chrono::milliseconds notify_retry_delay(const store::Config::Notify& policy, int tries) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(policy.retry_interval) *
           (1L << std::clamp(tries - 1, 0, 16));
}

std::vector<NotifyAnswer> notify_targets(const store::Zone& zone,
                                         const std::vector<store::NotifyTarget>& targets,
                                         const std::vector<std::optional<std::string>>& keys,
                                         const store::Config::Notify& policy,
                                         std::chrono::milliseconds wait) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + wait;
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(policy.timeout);
    auto left = [deadline] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    };
    std::vector<std::future<NotifyAnswer>> pending;
    pending.reserve(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
        auto key = i < keys.size() ? keys[i] : std::nullopt;
        pending.push_back(std::async(
            std::launch::async, [&zone, target = targets[i], key, timeout, &policy, &left] {
                for (int tries = 1;; ++tries) {
                    // The last try gets only what is left of the wait.
                    auto try_timeout =
                        std::min(timeout, std::max(left(), std::chrono::milliseconds(1)));
                    auto answer = send_notify(zone, target, key, try_timeout);
                    auto delay = notify_retry_delay(policy, tries);
                    if (answer.ok() || tries > policy.retries || delay >= left()) return answer;
                    std::this_thread::sleep_for(delay);
                }
            }));
    }
    std::vector<NotifyAnswer> answers;
    answers.reserve(pending.size());
    for (auto& p : pending)
        answers.push_back(p.get());
    return answers;
}

} // namespace dnsclay::engine
