// Tries to reach the host over the network. The test starts TCP and UDP servers on the host (all addresses)
// and passes their ports and the host's addresses: TCP connects to each (and to 127.0.0.1, the docker bridge
// gateway and ::1), UDP datagrams to each, the Docker and containerd control sockets, and every unix socket
// listed in /proc/net/unix. Counts any network interface but loopback. Every connect must fail, and the test
// checks that the host servers received nothing.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "hostile.h"
using namespace hostile;

static bool tcp_connect(const std::string& ip, int port) {
    sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len;
    int family;
    if (ip.find(':') != std::string::npos) {
        auto* a = (sockaddr_in6*)&ss;
        a->sin6_family = family = AF_INET6;
        a->sin6_port = htons(port);
        if (inet_pton(AF_INET6, ip.c_str(), &a->sin6_addr) != 1) return false;
        len = sizeof *a;
    } else {
        auto* a = (sockaddr_in*)&ss;
        a->sin_family = family = AF_INET;
        a->sin_port = htons(port);
        if (inet_pton(AF_INET, ip.c_str(), &a->sin_addr) != 1) return false;
        len = sizeof *a;
    }
    int s = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (s < 0) return false;
    bool ok = connect(s, (sockaddr*)&ss, len) == 0;
    if (!ok && errno == EINPROGRESS) {
        pollfd p = {s, POLLOUT, 0};
        if (poll(&p, 1, 300) == 1) {
            int err = 0;
            socklen_t el = sizeof err;
            getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el);
            ok = err == 0;
        }
    }
    close(s);
    return ok;
}

static void udp_send(const std::string& ip, int port) {
    if (ip.find(':') != std::string::npos) return;
    sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) return;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) return;
    sendto(s, "hostile", 7, 0, (sockaddr*)&a, sizeof a);  // success means nothing: the host side counts arrivals
    close(s);
}

static bool unix_connect(const std::string& name, bool abstract) {
    sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t off = abstract ? 1 : 0;
    if (name.size() + off >= sizeof a.sun_path) return false;
    memcpy(a.sun_path + off, name.data(), name.size());
    socklen_t len = (socklen_t)(offsetof(sockaddr_un, sun_path) + off + name.size());
    for (int type : {SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM}) {
        int s = socket(AF_UNIX, type, 0);
        if (s < 0) continue;
        bool ok = connect(s, (sockaddr*)&a, len) == 0;
        close(s);
        if (ok) return true;
    }
    return false;
}

int main() {
    read_input();
    int port = atoi(get("port").c_str()), udp = atoi(get("udp_port").c_str());
    std::vector<std::string> ips = words(get("host_ips"));
    for (const char* extra : {"127.0.0.1", "172.17.0.1", "::1", "0.0.0.0"}) ips.push_back(extra);
    for (auto& ip : ips) {
        check(tcp_connect(ip, port), "TCP connect to " + ip + ":" + str(port));
        udp_send(ip, udp);
    }
    for (const char* path : {"/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock",
                             "/var/run/containerd/containerd.sock", "/run/systemd/private",
                             "/run/dbus/system_bus_socket"})
        check(unix_connect(path, false), std::string("connected to ") + path);
    std::ifstream net("/proc/net/unix");
    std::string line;
    std::getline(net, line);
    while (std::getline(net, line)) {
        auto w = words(line);
        if (w.size() < 8) continue;
        std::string path = w[7];
        bool abstract = path[0] == '@';
        check(unix_connect(abstract ? path.substr(1) : path, abstract), "connected to unix socket " + path);
    }
    if (struct if_nameindex* ifs = if_nameindex()) {
        for (auto* i = ifs; i->if_index; i++)
            check(strcmp(i->if_name, "lo") != 0, std::string("network interface ") + i->if_name);
        if_freenameindex(ifs);
    }
    return finish();
}
