// Command rig-language-host is the Node language host of this repository's test rig, never shipped to
// users (they run the host of their own Pulumi install).
//
// The only Node language host the Go module proxy serves is the one inside sdk v3.68.0 (see
// tools/pulumi-language-nodejs). It runs programs with the current CLI, but answers RunPlugin with
// "not supported", and the current CLI runs a policy pack given as a folder through RunPlugin. This
// wrapper starts that host as a child, forwards every call to it unchanged, and answers RunPlugin
// itself the way current hosts do (a policy pack: `node <@pulumi/pulumi/cmd/run-policy-pack>
// <engine> <pack folder>` in the pack's folder), streaming the plugin's output back to the engine.
// Not done here: current hosts also pass the stack's config to policy packs (PULUMI_CONFIG); this
// project's pack does not read config.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

const runPluginMethod = "/pulumirpc.LanguageRuntime/RunPlugin"

// legacyHostName is the v3.68.0 host's file name, next to this binary. It must not start with
// "pulumi-language-nodejs", or the CLI could pick it as a language plugin of its own.
const legacyHostName = "pulumi-rig-legacy-nodejs-host"

// rawFrame carries a gRPC message as undecoded bytes, so calls are forwarded without knowing their types.
type rawFrame struct{ payload []byte }

type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case *rawFrame:
		return m.payload, nil
	case proto.Message:
		return proto.Marshal(m)
	}
	return nil, fmt.Errorf("rig host: cannot marshal %T", v)
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	switch m := v.(type) {
	case *rawFrame:
		m.payload = append([]byte(nil), data...)
		return nil
	case proto.Message:
		return proto.Unmarshal(data, m)
	}
	return fmt.Errorf("rig host: cannot unmarshal into %T", v)
}

var _ encoding.Codec = rawCodec{}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "rig language host: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	legacy := filepath.Join(filepath.Dir(self), legacyHostName)
	child := exec.Command(legacy, os.Args[1:]...)
	child.Stderr = os.Stderr
	// The child must not outlive this process, whichever way this process ends.
	child.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	childOut, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", legacy, err)
	}
	lines := bufio.NewReader(childOut)
	portLine, err := lines.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the port of %s: %w", legacy, err)
	}
	childPort, err := strconv.Atoi(strings.TrimSpace(portLine))
	if err != nil {
		return fmt.Errorf("%s printed %q instead of its port", legacy, portLine)
	}
	go func() { _, _ = io.Copy(os.Stdout, lines) }()

	upstream, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", childPort),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}), grpc.MaxCallRecvMsgSize(1<<30)))
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := grpc.NewServer(
		grpc.ForceServerCodec(rawCodec{}),
		grpc.MaxRecvMsgSize(1<<30),
		grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
			method, _ := grpc.MethodFromServerStream(stream)
			if method == runPluginMethod {
				return runPlugin(stream)
			}
			return forward(upstream, method, stream)
		}),
	)
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)

	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	select {
	case err := <-served:
		return err
	case err := <-exited:
		server.Stop()
		return err
	}
}

// forward relays one call of any kind (unary or streaming) to the legacy host, frame by frame.
func forward(upstream *grpc.ClientConn, method string, in grpc.ServerStream) error {
	ctx, cancel := context.WithCancel(in.Context())
	defer cancel()
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		ctx = metadata.NewOutgoingContext(ctx, md.Copy())
	}
	desc := &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}
	out, err := upstream.NewStream(ctx, desc, method)
	if err != nil {
		return err
	}
	requestsDone := make(chan error, 1)
	go func() {
		for {
			frame := &rawFrame{}
			if err := in.RecvMsg(frame); err != nil {
				if errors.Is(err, io.EOF) {
					requestsDone <- out.CloseSend()
				} else {
					requestsDone <- err
				}
				return
			}
			if err := out.SendMsg(frame); err != nil {
				requestsDone <- err
				return
			}
		}
	}()
	headerSent := false
	for {
		frame := &rawFrame{}
		if err := out.RecvMsg(frame); err != nil {
			in.SetTrailer(out.Trailer())
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if !headerSent {
			if header, err := out.Header(); err == nil {
				_ = in.SendHeader(header)
			}
			headerSent = true
		}
		if err := in.SendMsg(frame); err != nil {
			return err
		}
	}
}

// streamWriter sends whatever a child process writes as RunPlugin output messages.
// gRPC streams do not allow concurrent sends, and stdout and stderr are copied by two goroutines.
type streamWriter struct {
	stream grpc.ServerStream
	lock   *sync.Mutex
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	data := append([]byte(nil), p...)
	msg := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: data}}
	if w.stderr {
		msg = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: data}}
	}
	w.lock.Lock()
	defer w.lock.Unlock()
	if err := w.stream.SendMsg(msg); err != nil {
		return 0, err
	}
	return len(p), nil
}

func runPlugin(stream grpc.ServerStream) error {
	req := &pulumirpc.RunPluginRequest{}
	if err := stream.RecvMsg(req); err != nil {
		return err
	}
	programDir := req.GetInfo().GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	options := req.GetInfo().GetOptions().AsMap()

	// Policy packs start through run-policy-pack with the engine address first and their folder last,
	// in their own folder (the pack reads its version from ./package.json); other plugins through
	// run-plugin, folder first, in the engine's working directory.
	analyzer := req.GetKind() == "analyzer"
	entry, dir := "@pulumi/pulumi/cmd/run-plugin", req.GetPwd()
	if analyzer {
		entry, dir = "@pulumi/pulumi/cmd/run-policy-pack", programDir
	}
	runPath, err := resolveModule(entry, programDir)
	if err != nil {
		return err
	}
	args := []string{runPath}
	if nodeargs, ok := options["nodeargs"].(string); ok {
		args = append(args, strings.Fields(nodeargs)...)
	}
	if analyzer {
		args = append(append(args, req.GetArgs()...), programDir)
	} else {
		args = append(append(args, programDir), req.GetArgs()...)
	}

	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	if typescript, ok := options["typescript"].(bool); !ok || typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.Command("node", args...)
	cmd.Dir = dir
	cmd.Env = env
	lock := &sync.Mutex{}
	cmd.Stdout = streamWriter{stream: stream, lock: lock}
	cmd.Stderr = streamWriter{stream: stream, lock: lock, stderr: true}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode())
		}
		return fmt.Errorf("could not run the plugin program with node: %w", err)
	}
	return nil
}

// resolveModule finds a module the way the plugin program itself would: node's resolution from its folder.
func resolveModule(module, fromDir string) (string, error) {
	out, err := exec.Command("node", "-e",
		"process.stdout.write(require.resolve(process.argv[1], { paths: [process.argv[2]] }))",
		module, fromDir).Output()
	if err != nil {
		return "", fmt.Errorf("it looks like the dependencies of %s are not installed (cannot resolve %s); "+
			"run npm install there", fromDir, module)
	}
	return string(out), nil
}
