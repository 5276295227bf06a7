#include "lib/http/timing.hpp"

#include <mutex>
#include <random>
#include <thread>

namespace dnsclay::http {

const Timing& real_timing() {
    static const Timing timing{
        [] { return std::chrono::steady_clock::now(); },
        [] { return std::chrono::system_clock::now(); },
        [](std::chrono::milliseconds d, const std::atomic<bool>* cancel) {
            auto until = std::chrono::steady_clock::now() + d;
            while (!(cancel && cancel->load())) {
                auto left = until - std::chrono::steady_clock::now();
                if (left <= std::chrono::steady_clock::duration::zero()) return;
                std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                    left, std::chrono::milliseconds(100)));
            }
        },
        [] {
            static std::mutex mutex;
            static std::mt19937_64 rng{std::random_device{}()};
            std::lock_guard lock(mutex);
            return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        },
    };
    return timing;
}

} // namespace dnsclay::http
