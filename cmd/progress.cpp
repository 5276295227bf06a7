#include "cmd/progress.hpp"

#include "cmd/common.hpp"

#include <cstdio>
#include <fmt/core.h>
#include <unistd.h>

namespace dnsclay::cli {
namespace {

constexpr std::size_t kBarWidth = 30;
constexpr std::size_t kLabelWidth = 40;

} // namespace

Progress::Progress(bool wanted, std::size_t total, std::size_t min_items)
    : shown_(wanted && total >= min_items && is_terminal(STDERR_FILENO)), total_(total) {}

Progress::~Progress() {
    clear();
}

void Progress::step(const std::string& label) {
    if (!shown_) return;
    std::size_t filled = total_ ? kBarWidth * done_ / total_ : kBarWidth;
    ++done_;
    std::string bar(filled, '#');
    bar.resize(kBarWidth, ' ');
    std::string shown_label = label.size() > kLabelWidth ? label.substr(0, kLabelWidth) : label;
    fmt::print(stderr, "\r\033[K[{}] {}/{} {}", bar, done_, total_, shown_label);
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::clear() {
    if (!drawn_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
}

} // namespace dnsclay::cli
